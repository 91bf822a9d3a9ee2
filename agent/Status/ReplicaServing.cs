namespace Codemason.Agent.Status;

/// <summary>
/// Whether a container of a replica serves requests, and at which overlay address ("" off the overlay): what edges
/// route to while a new container starts beside an old one (docs/edge.md, "Zero-downtime rollouts").
/// </summary>
/// <param name="ContainerId">The container that serves; empty when none does.</param>
/// <param name="Address">Its overlay address; empty when none serves or the replica is not on the overlay.</param>
public readonly record struct ReplicaServing(string ContainerId, string Address)
{
    /// <summary>Nothing serves.</summary>
    public static ReplicaServing None => new("", "");

    /// <summary>A container of the replica serves.</summary>
    public bool Serves => ContainerId.Length > 0;
}
