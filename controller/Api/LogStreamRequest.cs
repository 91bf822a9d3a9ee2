namespace Codemason.Controller.Api;

/// <summary>What to stream: replicas with the nodes they are on, follow, the tail per replica, and an optional start time.</summary>
public sealed record LogStreamRequest(IReadOnlyList<ReplicaLocation> Replicas, bool Follow, int Tail, DateTimeOffset? Since);
