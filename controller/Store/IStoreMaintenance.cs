namespace Codemason.Controller.Store;

/// <summary>
/// Housekeeping: opening the store (migrations, the bootstrap token) and pruning it. Used by
/// <see cref="ControllerStoreExtensions.InitializeControllerStoreAsync"/> at start and by
/// <see cref="StorePruningService"/>.
/// </summary>
public interface IStoreMaintenance
{
    /// <summary>Applies pending migrations (refusing a schema newer than this binary) and creates the bootstrap admin token when there is no API token yet.</summary>
    Task<StoreInitialization> InitializeAsync(CancellationToken cancellationToken);

    /// <summary>Prunes events and the change log by age and count, and purges old tombstoned apps.</summary>
    Task<PruneResult> PruneAsync(CancellationToken cancellationToken);
}
