namespace Codemason.Controller.Store;

/// <summary>Where a replica goes: a node, or none (pending) with an explanation a person can read.</summary>
public sealed record PlacementDecision(ReplicaId Replica, NodeId? Node, string Explanation)
{
    /// <summary>Place the replica on <paramref name="node"/>.</summary>
    public static PlacementDecision On(ReplicaId replica, NodeId node) => new(replica, node, string.Empty);

    /// <summary>Leave the replica pending, saying why.</summary>
    public static PlacementDecision Pending(ReplicaId replica, string explanation) => new(replica, null, explanation);
}
