namespace Codemason.Controller.Scheduling;

/// <summary>What a replica occupies on its node besides a replica slot: host ports and reserved resources.</summary>
/// <param name="Ports">Fixed host ports it publishes.</param>
/// <param name="Reservation">Memory and CPU it reserves.</param>
public sealed record ReplicaFootprint(IReadOnlyList<PublishedPort> Ports, Resources Reservation)
{
    /// <summary>No ports, no reservation.</summary>
    public static ReplicaFootprint None { get; } = new([], Resources.None);
}
