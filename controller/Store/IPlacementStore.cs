namespace Codemason.Controller.Store;

/// <summary>
/// What the scheduler reads and writes: an environment's placement snapshot, the placements it decides, and
/// the repair of replica rows that drifted from their app's revision. Used by <see cref="Reconcile.PlacementPass"/>;
/// <see cref="Dispatch.AgentServiceHandler"/> asks <see cref="HasUnplacedReplicasAsync"/> when a node joins, to
/// decide whether a placement pass is worth queuing.
/// </summary>
public interface IPlacementStore
{
    /// <summary>Nodes, replicas, the desired services and the replica deaths per node since <paramref name="failuresSince"/> of an environment, in one snapshot. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<PlacementSnapshot> GetPlacementSnapshotAsync(string environment, DateTimeOffset failuresSince, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an app's replica rows match its current revision again (indexes 1..scale of each service with the
    /// service's spec hash; none for a deleted app), as a commit does, and records what it repaired as an event.
    /// Rows that already match are left alone; returns how many rows it added, changed or removed.
    /// </summary>
    Task<int> RepairReplicasAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Whether a replica of the environment waits for a node (is placed nowhere).</summary>
    Task<bool> HasUnplacedReplicasAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Places replicas (or leaves them pending with an explanation) in one transaction; unchanged decisions write nothing. Unknown replicas or nodes are skipped.</summary>
    Task<long> SetPlacementsAsync(IReadOnlyList<PlacementDecision> decisions, CancellationToken cancellationToken);
}
