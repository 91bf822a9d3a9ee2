using Codemason.Agent.Engine;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Volumes;

namespace Codemason.Agent.Registry;

/// <summary>
/// Brings this node's registry container to a <see cref="RegistryDeployment"/> (or to none): lists the node's registry
/// containers, plans with <see cref="RegistryPlanner"/> and carries the plan out against the engine. Only containers
/// and volumes with this node's id (<see cref="NodeScope.Owns"/>) are touched. Not safe to run twice at once: one loop
/// (<see cref="RegistryService"/>) calls it.
/// </summary>
public sealed class RegistryReconciler(IDockerClient docker, NodeScope scope, EngineNames names, ImageCache images)
{
    /// <summary>One pass: observe, plan, act. Returns the actions carried out; the first that fails throws.</summary>
    public async Task<IReadOnlyList<RegistryAction>> ReconcileAsync(RegistryDeployment? desired, CancellationToken cancellationToken)
    {
        var observed = await ObserveAsync(cancellationToken);
        var plan = RegistryPlanner.Plan(desired, observed);
        foreach (var action in plan)
        {
            await ExecuteAsync(action, cancellationToken);
        }
        return plan;
    }

    /// <summary>This node's registry containers, running or not.</summary>
    public async Task<IReadOnlyList<ObservedSystemContainer>> ObserveAsync(CancellationToken cancellationToken) =>
        ObservedSystemContainer.Of(await docker.Containers.ListAsync(
            new ContainerListOptions { Filters = scope.Filter().Label(ManagedLabels.Registry) }, cancellationToken), ManagedLabels.Registry, scope);

    private async Task ExecuteAsync(RegistryAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case RemoveRegistry remove:
                await RemoveAsync(remove.Container.Id, cancellationToken);
                break;
            case CreateRegistry create:
                await CreateAsync(create.Deployment, cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unknown registry action {action}");
        }
    }

    private async Task RemoveAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            // Not removeVolumes: the storage is a named volume, kept for a later return of the registry to this node.
            await docker.Containers.RemoveAsync(containerId, force: true, removeVolumes: false, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            // Already gone.
        }
    }

    private async Task CreateAsync(RegistryDeployment deployment, CancellationToken cancellationToken)
    {
        await images.EnsureAsync(deployment.Image, alwaysPull: false, auth: null, cancellationToken);
        var labels = scope.BaseLabels();
        await EnsureVolumeAsync(deployment, labels, cancellationToken);
        var created = await docker.Containers.CreateAsync(RegistryContainer.Request(deployment, names, labels), cancellationToken);
        try
        {
            using (var archive = RegistryContainer.ConfigurationArchive(deployment))
            {
                await docker.Containers.UploadArchiveAsync(created.Id, RegistryContainer.ConfigDirectory, archive, cancellationToken);
            }
            await docker.Containers.StartAsync(created.Id, cancellationToken);
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Never leave a container without its configuration: started later, it would serve the image's default one
            // (no authentication). The next pass creates it again.
            await RemoveAsync(created.Id, CancellationToken.None);
            throw;
        }
    }

    private async Task EnsureVolumeAsync(RegistryDeployment deployment, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var name = names.RegistryVolume(deployment.Environment);
        try
        {
            var existing = await docker.Volumes.InspectAsync(name, cancellationToken);
            if (!scope.Owns(existing.Labels))
            {
                throw new ActionFailedException($"volume {name} exists but is not this node's; the registry of {deployment.Environment} cannot use it");
            }
        }
        catch (DockerNotFoundException)
        {
            await docker.Volumes.CreateAsync(
                new VolumeCreateRequest(name) { Labels = RegistryContainer.Labels(labels, deployment, container: false) }, cancellationToken);
        }
    }
}
