namespace Codemason.Controller.Scheduling;

/// <summary>Everything <see cref="Scheduler.Schedule"/> needs; the order of the lists does not matter.</summary>
/// <param name="Environment">Name of the environment, used in explanations.</param>
/// <param name="Nodes">Every node of the environment (ids unique).</param>
/// <param name="Services">The services to place (keys unique).</param>
/// <param name="Placements">
/// Current placement of every replica of the environment, of all apps, so that ports, reservations and
/// replica counts of services not being scheduled count too (replica ids unique).
/// </param>
public sealed record SchedulingRequest(
    string Environment,
    IReadOnlyList<SchedulingNode> Nodes,
    IReadOnlyList<SchedulingService> Services,
    IReadOnlyList<ReplicaPlacement> Placements)
{
    /// <summary>
    /// Most replicas one node runs, of every app (default: no limit); a full node is a rejection reason in the
    /// explanation of a replica that finds no node. Replicas already placed count, so a lowered limit moves the excess.
    /// </summary>
    public int MaxReplicasPerNode { get; init; } = int.MaxValue;
}
