namespace Codemason.Agent.Status;

/// <summary>
/// Whether a container of a replica serves requests, and at which overlay address ("" off the overlay): what edges
/// route to while a new container starts beside an old one (docs/edge.md, "Zero-downtime rollouts").
/// </summary>
/// <param name="Serves">A container of the replica serves.</param>
/// <param name="Address">Its overlay address; empty when none serves or the replica is not on the overlay.</param>
public readonly record struct ReplicaServing(bool Serves, string Address)
{
    /// <summary>Nothing serves.</summary>
    public static ReplicaServing None => new(false, "");
}
