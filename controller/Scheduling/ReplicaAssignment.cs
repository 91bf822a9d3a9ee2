namespace Codemason.Controller.Scheduling;

/// <summary>The decision for one replica of a scheduled service.</summary>
/// <param name="Replica">Its id.</param>
/// <param name="SpecHash">The service's spec hash, from the request.</param>
/// <param name="Node">The node it runs on; null when unplaced.</param>
/// <param name="Outcome">Kept, placed, moved or unplaced.</param>
/// <param name="Explanation">
/// Why it is unplaced, for users, e.g. <c>web#2: 3 nodes; 2 lack label zone=eu; 1 already publishes port 80</c>;
/// null when placed.
/// </param>
public sealed record ReplicaAssignment(ReplicaId Replica, SpecHash SpecHash, NodeId? Node, PlacementOutcome Outcome, string? Explanation);
