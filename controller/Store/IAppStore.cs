using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// Apps and their revisions, services and replicas. Used by <see cref="Apply.ApplyCoordinator"/> (commit, delete,
/// rollback), <see cref="Apply.EnvironmentServiceDiscovery"/> (services of an environment),
/// <see cref="Api.AppServiceHandler"/> and <see cref="Api.LogServiceHandler"/> (reads).
/// </summary>
public interface IAppStore
{
    /// <summary>
    /// Stores the next revision of an app with its services, and makes its replicas match (scale N → indexes
    /// 1..N; replicas of a changed spec get the new app revision; scaled-away replicas are removed) — all in
    /// one transaction, serialised with every other write. Unchanged model: nothing is written.
    /// Unknown environment: <c>NotFoundException</c>.
    /// </summary>
    Task<RevisionCommitResult> CommitRevisionAsync(RevisionDraft draft, CancellationToken cancellationToken);

    /// <summary>
    /// The services as a commit now would store them, for a dry run: a service whose spec is the current revision's
    /// keeps the current revision's hash (which a controller before docs/identities.md computed differently).
    /// </summary>
    Task<IReadOnlyList<ServiceDraft>> WithStoredHashesAsync(AppKey app, IReadOnlyList<ServiceDraft> services, CancellationToken cancellationToken);

    /// <summary>
    /// The problems <see cref="Apply.RouteCheck"/> finds with <paramref name="spec"/>'s routes against the environment's other
    /// live apps as they are now (for a dry run or a check before a build; a commit checks again inside its transaction).
    /// </summary>
    Task<IReadOnlyList<Apply.RouteProblem>> CheckRoutesAsync(AppKey app, Mortar.Model.AppSpec spec, CancellationToken cancellationToken);

    /// <summary>A live app with its services, or null.</summary>
    Task<App?> GetAppAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Live apps of an environment (null = all), sorted by environment, then name.</summary>
    Task<Listing<App>> ListAppsAsync(string? environment, CancellationToken cancellationToken);

    /// <summary>Kept revisions of a live app, newest first, without source and model. Unknown app: <c>NotFoundException</c>.</summary>
    Task<IReadOnlyList<Revision>> ListRevisionsAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>One revision with source and model (0 = current), or null when not kept.</summary>
    Task<Revision?> GetRevisionAsync(AppKey app, long number, CancellationToken cancellationToken);

    /// <summary>
    /// Removes the app's replicas and tombstones it (agents get it in <c>deleted_apps</c>); the "deleted" event names
    /// <paramref name="actor"/>. Unknown app: <c>NotFoundException</c>.
    /// </summary>
    Task<long> DeleteAppAsync(AppKey app, string actor, CancellationToken cancellationToken);

    /// <summary>Services of the live apps of an environment (service discovery).</summary>
    Task<IReadOnlyList<ServiceLocation>> ListServicesAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Replicas, sorted by id.</summary>
    Task<Listing<Replica>> ListReplicasAsync(ReplicaFilter filter, CancellationToken cancellationToken);
}
