using System.Security.Cryptography;
using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Volumes;

namespace Codemason.Agent.Edge;

/// <summary>
/// Brings this node's edge container to an <see cref="EdgeDeployment"/> (or to none): lists the node's edge containers,
/// plans with <see cref="EdgePlanner"/>, carries the plan out against the engine, and gives the edge its routes
/// (<see cref="EdgeConfigFile"/>) through the archive API. Only containers and volumes with this node's id
/// (<see cref="NodeScope.Owns"/>) are touched. Not safe to run twice at once: one loop (<see cref="EdgeService"/>) calls it.
/// </summary>
public sealed class EdgeReconciler(IDockerClient docker, NodeScope scope, EngineNames names, ImageCache images, Status.ReplicaStatusBoard replicas)
{
    // The routes file each edge container was last given (its hash), by container id (an agent restart gives it again).
    private readonly Dictionary<string, string> _given = new(StringComparer.Ordinal);

    /// <summary>One pass: observe, plan, act. Returns the actions carried out; the first that fails throws.</summary>
    public async Task<IReadOnlyList<EdgeAction>> ReconcileAsync(EdgeDeployment? desired, CancellationToken cancellationToken)
    {
        var observed = await ObserveAsync(cancellationToken);
        foreach (var gone in _given.Keys.Where(id => observed.All(c => c.Id != id)).ToList())
        {
            _given.Remove(gone);
        }
        // Written every pass: a local replica's address can change while the routes do not.
        var routes = desired is null ? []
            : EdgeConfigFile.Write(desired.Server, desired.UsesLocalAddresses ? await LocalAddressesAsync(cancellationToken) : new Dictionary<string, string>());
        var routesHash = Convert.ToHexStringLower(SHA256.HashData(routes));
        var plan = EdgePlanner.Plan(desired, observed, id => _given.GetValueOrDefault(id) == routesHash);
        foreach (var action in plan)
        {
            await ExecuteAsync(action, routes, routesHash, cancellationToken);
        }
        return plan;
    }

    /// <summary>This node's edge containers, running or not.</summary>
    public async Task<IReadOnlyList<ObservedSystemContainer>> ObserveAsync(CancellationToken cancellationToken) =>
        ObservedSystemContainer.Of(await docker.Containers.ListAsync(
            new ContainerListOptions { Filters = scope.Filter().Label(ManagedLabels.Edge) }, cancellationToken), ManagedLabels.Edge, scope);

    private async Task ExecuteAsync(EdgeAction action, byte[] routes, string routesHash, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case RemoveEdge remove:
                await RemoveAsync(remove.Container.Id, cancellationToken);
                break;
            case CreateEdge create:
                await CreateAsync(create.Deployment, routes, routesHash, cancellationToken);
                break;
            case UpdateEdgeRoutes update:
                await GiveRoutesAsync(update.Container.Id, routes, routesHash, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unknown edge action {action}");
        }
    }

    private async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        _given.Remove(containerId);
        try
        {
            // Not removeVolumes: the volume keeps the last routes for the next edge of the environment on this node.
            await docker.Containers.RemoveAsync(containerId, force: true, removeVolumes: false, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
    }

    private async Task CreateAsync(EdgeDeployment deployment, byte[] routes, string routesHash, CancellationToken cancellationToken)
    {
        await images.EnsureAsync(deployment.Server.Image, alwaysPull: false, auth: null, cancellationToken);
        var labels = scope.BaseLabels();
        await EnsureVolumeAsync(deployment, labels, cancellationToken);
        var created = await docker.Containers.CreateAsync(EdgeContainer.Request(deployment, names, labels), cancellationToken);
        try
        {
            await GiveRoutesAsync(created.Id, routes, routesHash, cancellationToken);
            await docker.Containers.StartAsync(created.Id, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            await RemoveAsync(created.Id, CancellationToken.None);
            throw;
        }
    }

    private async Task GiveRoutesAsync(string containerId, byte[] routes, string routesHash, CancellationToken cancellationToken)
    {
        using (var archive = EdgeContainer.ConfigurationArchive(routes))
        {
            await docker.Containers.UploadArchiveAsync(containerId, EdgeContainer.ConfigDirectory, archive, cancellationToken);
        }
        _given[containerId] = routesHash;
    }

    /// <summary>
    /// The address on its network of the container that serves each of this node's running replicas, by replica id:
    /// the one the reconciler reports serving (while a new container starts beside an old one, the old one until the new
    /// one is healthy, or accepts connections), else the newest that does not wait for its health check.
    /// </summary>
    private async Task<IReadOnlyDictionary<string, string>> LocalAddressesAsync(CancellationToken cancellationToken)
    {
        var listed = await docker.Containers.ListAsync(
            new ContainerListOptions { Filters = scope.Filter().Label(ManagedLabels.Replica) }, cancellationToken);
        var addresses = new Dictionary<string, string>(StringComparer.Ordinal);
        var candidates = listed
            .Where(c => scope.Owns(c.Labels))
            .Select(c => (Container: c, Replica: ManagedLabels.ReplicaOf(c.Labels)?.ToString() ?? ""))
            .Where(c => c.Replica.Length > 0)
            .OrderByDescending(c => replicas.ServingContainer(c.Replica) == c.Container.Id)
            .ThenBy(c => EngineObserver.ParseHealth(c.Container.Status) is HealthState.Starting or HealthState.Unhealthy)
            .ThenByDescending(c => c.Container.Created);
        foreach (var (container, replica) in candidates)
        {
            if (EngineObserver.FirstAddressOf(container.NetworkSettings) is { } address)
            {
                addresses.TryAdd(replica, address);
            }
        }
        return addresses;
    }

    private async Task EnsureVolumeAsync(EdgeDeployment deployment, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var name = names.EdgeVolume(deployment.Environment);
        try
        {
            var existing = await docker.Volumes.InspectAsync(name, cancellationToken);
            if (!scope.Owns(existing.Labels))
            {
                throw new ActionFailedException($"volume {name} exists but is not this node's; the edge of {deployment.Environment} cannot use it");
            }
        }
        catch (DockerNotFoundException)
        {
            await docker.Volumes.CreateAsync(
                new VolumeCreateRequest(name) { Labels = EdgeContainer.Labels(labels, deployment, container: false) }, cancellationToken);
        }
    }
}
