namespace Codemason.Controller.Apply;

/// <summary>
/// Places the replicas of an environment that need a node (pending ones, ones on drained nodes) and records
/// why the others cannot be placed. Called after every apply, scale, rollback and node availability change.
/// The scheduler (<c>controller/Scheduling/</c>) implements it; <see cref="InterimLeastLoadedPlacement"/> stands in until then.
/// </summary>
public interface IPlacementService
{
    /// <summary>Re-plans the environment and stores the placements in one transaction.</summary>
    Task PlaceAsync(string environment, CancellationToken cancellationToken);
}
