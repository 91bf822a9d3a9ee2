namespace Codemason.Controller.Api;

/// <summary>A replica and the node it is placed on.</summary>
public sealed record ReplicaLocation(ReplicaId Replica, NodeId Node);
