namespace Codemason.Controller.Scheduling;

/// <summary>A replica leaving the node it was on.</summary>
/// <param name="Replica">Its id.</param>
/// <param name="From">The node it leaves.</param>
/// <param name="To">The node it goes to; null when no node can take it (its assignment explains why).</param>
public sealed record ReplicaMove(ReplicaId Replica, NodeId From, NodeId? To);
