using System.Collections.Concurrent;
using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;
using Codemason.Docker.Networks;
using Codemason.Docker.Volumes;

namespace Codemason.Agent.Engine;

/// <summary>
/// Performs planned actions against the engine. Each action is idempotent: performing it again
/// after a crash or a lost answer does no harm (exists already, gone already, running already).
/// </summary>
public sealed class ActionExecutor(
    IDockerClient docker, NodeScope scope, AppObjectNames names, ContainerRequestBuilder requests, ImageCache images,
    EngineObserver observer, TimeSpan stopTimeout) : IDisposable
{
    private readonly ConcurrentDictionary<AppKey, bool> _networks = new();
    private readonly SemaphoreSlim _networkGate = new(1, 1);
    private readonly ConcurrentDictionary<(AppKey App, string Volume), bool> _volumes = new();

    public void Dispose() => _networkGate.Dispose();

    /// <summary>Forgets what is known to exist, e.g. after a network was removed behind the agent's back.</summary>
    public void ForgetNetworks() => _networks.Clear();

    /// <summary>Performs one action. Returns the id of a container it created, if any.</summary>
    /// <exception cref="RetryLaterException">The engine refused for a passing reason.</exception>
    /// <exception cref="ActionFailedException">The action failed for a reason the user must see.</exception>
    public async Task<string?> ExecuteAsync(ReplicaAction action, CancellationToken cancellationToken)
    {
        switch (action)
        {
            case EnsureNetwork ensure:
                await EnsureNetworkAsync(ensure.App, cancellationToken);
                return null;
            case EnsureVolume volume:
                await EnsureVolumeAsync(volume.App, volume.Volume, cancellationToken);
                return null;
            case EnsureImage image:
                await images.EnsureAsync(image.Image, image.AlwaysPull, image.Auth, cancellationToken);
                return null;
            case RunContainer run:
                return await RunAsync(run.Replica, cancellationToken);
            case StartContainer start:
                await StartAsync(start.ContainerId, cancellationToken);
                return null;
            case ConnectNetwork connect:
                await ConnectAsync(connect, cancellationToken);
                return null;
            case RemoveContainer remove:
                await RemoveContainerAsync(remove.ContainerId, cancellationToken);
                return null;
            case RemoveNetwork network:
                await RemoveNetworkAsync(network.App, cancellationToken);
                return null;
            case RemoveVolume volume:
                await RemoveVolumeAsync(volume.App, volume.Volume, cancellationToken);
                return null;
            default:
                throw new InvalidOperationException($"unknown action {action.GetType().Name}");
        }
    }

    private async Task EnsureNetworkAsync(AppKey app, CancellationToken cancellationToken)
    {
        if (_networks.ContainsKey(app))
        {
            return;
        }
        // The engine's duplicate-name check is racy: concurrent creates of one name make several
        // networks, and then every container create is "ambiguous". One create at a time, and
        // adopt (and de-duplicate) what exists.
        await _networkGate.WaitAsync(cancellationToken);
        try
        {
            if (_networks.ContainsKey(app))
            {
                return;
            }
            // The app's network is found by its labels: an earlier agent's keeps its name (<see cref="AppObjectNames"/>).
            var existing = (await docker.Networks.ListAsync(
                    scope.Filter().Label(ManagedLabels.Environment, app.Environment).Label(ManagedLabels.App, app.App), cancellationToken))
                .Where(n => scope.Owns(n.Labels) && names.IsNetworkOf(app, n.Name))
                .OrderBy(n => n.Created)
                .ToList();
            var name = existing.Count > 0 ? existing[0].Name : names.Names.Network(app);
            foreach (var duplicate in existing.Skip(1).Where(n => n.Name == name))
            {
                await RemoveDuplicateNetworkAsync(duplicate.Id, cancellationToken);
            }
            if (existing.Count == 0)
            {
                var named = await docker.Networks.ListAsync(new DockerFilters().Add("name", name), cancellationToken);
                RefuseOthers("network", name, named.Where(n => n.Name == name).Select(n => n.Labels));
                var labels = scope.BaseLabels();
                labels[ManagedLabels.Environment] = app.Environment;
                labels[ManagedLabels.App] = app.App;
                await docker.Networks.CreateAsync(new NetworkCreateRequest(name) { Labels = labels }, cancellationToken);
            }
            names.FoundNetwork(app, name);
            _networks[app] = true;
        }
        finally
        {
            _networkGate.Release();
        }
    }

    private async Task RemoveDuplicateNetworkAsync(string id, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Networks.RemoveAsync(id, cancellationToken);
        }
        catch (DockerException ex) when (ex is not DockerEngineUnavailableException)
        {
            throw new RetryLaterException($"duplicate network {id} cannot be removed yet: {ex.Message}", ex);
        }
    }

    private async Task EnsureVolumeAsync(AppKey app, string volume, CancellationToken cancellationToken)
    {
        if (_volumes.ContainsKey((app, volume)))
        {
            return;
        }
        var name = await FindVolumeAsync(app, volume, cancellationToken);
        if (name is null)
        {
            name = names.Names.Volume(app, volume);
            var labels = scope.BaseLabels();
            labels[ManagedLabels.Environment] = app.Environment;
            labels[ManagedLabels.App] = app.App;
            labels[ManagedLabels.Volume] = volume;
            // Creating a volume that exists returns it unchanged: idempotent by the engine's contract, and silent when
            // another agent on this engine made it, which its labels then say.
            var created = await docker.Volumes.CreateAsync(new VolumeCreateRequest(name) { Labels = labels }, cancellationToken);
            RefuseOthers("volume", name, [created.Labels]);
        }
        names.FoundVolume(app, volume, name);
        _volumes[(app, volume)] = true;
    }

    /// <summary>
    /// The name of the app's volume on the engine, or null when there is none: one of this agent's labelled with the app
    /// and the volume (an earlier agent's name first: it holds the data); else one under the earlier agents' name that a
    /// container of this app mounts — two apps whose names split alike shared it, and the one it is not labelled for keeps
    /// using it, so nothing it wrote is lost. A new app never takes another app's volume that way.
    /// </summary>
    private async Task<string?> FindVolumeAsync(AppKey app, string volume, CancellationToken cancellationToken)
    {
        var legacy = names.Names.LegacyVolume(app, volume);
        var labelled = (await docker.Volumes.ListAsync(scope.Filter()
                .Label(ManagedLabels.Environment, app.Environment).Label(ManagedLabels.App, app.App).Label(ManagedLabels.Volume, volume),
                cancellationToken))
            .Where(v => scope.Owns(v.Labels))
            .OrderBy(v => v.Name == legacy ? 0 : 1)
            .Select(v => v.Name)
            .FirstOrDefault();
        if (labelled is not null || !EngineNames.LegacyVolumeIsAmbiguous(app, volume))
        {
            return labelled;
        }
        var users = await docker.Containers.ListAsync(new ContainerListOptions
        {
            Filters = scope.Filter().Label(ManagedLabels.Environment, app.Environment).Label(ManagedLabels.App, app.App).Add("volume", legacy),
        }, cancellationToken);
        return users.Any(c => scope.Owns(c.Labels)) ? legacy : null;
    }

    /// <summary>
    /// Fails when another agent on this engine owns an object of the name this agent is about to use: two agents of one
    /// environment (and resource prefix) on one engine cannot share it, and must not fight over it in silence.
    /// </summary>
    private void RefuseOthers(string what, string name, IEnumerable<IReadOnlyDictionary<string, string>?> labels)
    {
        if (labels.Select(scope.OtherOwner).FirstOrDefault(o => o is not null) is { } other)
        {
            throw new ActionFailedException($"{what} {name} belongs to another agent on this engine (node {other}); " +
                "agents sharing an engine must serve different environments or use different --resource-prefix values");
        }
    }

    private async Task<string?> RunAsync(DesiredReplica replica, CancellationToken cancellationToken)
    {
        ContainerCreated created;
        try
        {
            created = await docker.Containers.CreateAsync(requests.Build(replica, EngineNames.Container(replica)), cancellationToken);
        }
        catch (DockerNotFoundException ex) when (ex.Message.Contains("network", StringComparison.OrdinalIgnoreCase))
        {
            // The network went away behind our back; make it again on the retry.
            _networks.TryRemove(replica.App, out _);
            throw new RetryLaterException($"network of {replica.App} is missing: {ex.Message}", ex);
        }
        catch (DockerNotFoundException ex)
        {
            images.Forget(replica.Spec.Image);
            throw new RetryLaterException($"image {replica.Spec.Image} vanished: {ex.Message}", ex);
        }
        catch (DockerBadRequestException ex)
        {
            throw new ActionFailedException($"the engine refused the container: {ex.Message}", ex);
        }
        await StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    private async Task StartAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            await docker.Containers.StartAsync(containerId, cancellationToken);
        }
        catch (DockerException ex) when (Repairable(ex) is StartRefusal.UnusableContainer unusable)
        {
            // After a restart the 20.10 engine can refuse every start of a container it knew before (see StartRefusal).
            // Remove it, so that the next pass creates the replica anew.
            await RemoveContainerAsync(containerId, cancellationToken);
            throw new RetryLaterException($"the engine cannot start container {containerId[..Math.Min(12, containerId.Length)]} " +
                $"again ({unusable.Reason}); it was removed and will be created anew", ex);
        }
        catch (DockerException ex) when (Repairable(ex) is StartRefusal.StaleEndpoint stale)
        {
            // A forced disconnect removes the stale record (what `docker network disconnect -f` is for); the next pass starts it.
            await docker.Networks.DisconnectAsync(stale.Network, stale.Endpoint, force: true, cancellationToken);
            throw new RetryLaterException($"the engine kept a stale endpoint {stale.Endpoint} in network {stale.Network}; it was removed", ex);
        }
        catch (DockerException ex) when (ex is not (DockerEngineUnavailableException or DockerNotFoundException))
        {
            // e.g. "port is already allocated", a missing bind source, a bad command.
            throw new ActionFailedException($"cannot start container: {ex.Message}", ex);
        }
    }

    private static StartRefusal? Repairable(DockerException ex) =>
        ex is DockerEngineUnavailableException or DockerNotFoundException ? null : StartRefusal.Read(ex.Message);

    private async Task ConnectAsync(ConnectNetwork connect, CancellationToken cancellationToken)
    {
        var aliases = new List<string> { connect.Replica.Service };
        aliases.AddRange(connect.Replica.Spec.Aliases.Where(a => a != connect.Replica.Service));
        try
        {
            await docker.Networks.ConnectAsync(names.Network(connect.Replica.App), connect.ContainerId,
                new NetworkAttachment { Aliases = aliases }, cancellationToken);
        }
        catch (DockerException ex) when (ex.Message.Contains("already exists", StringComparison.OrdinalIgnoreCase))
        {
            // Attached already.
        }
        observer.MarkConnected(connect.ContainerId);
    }

    private async Task RemoveContainerAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            if (stopTimeout > TimeSpan.Zero)
            {
                await docker.Containers.StopAsync(containerId, stopTimeout, cancellationToken);
            }
            // Anonymous volumes go with their container, as in Swarm; named volumes are never removed by this.
            await docker.Containers.RemoveAsync(containerId, force: true, removeVolumes: true, cancellationToken);
        }
        catch (DockerNotFoundException)
        {
            // Gone already.
        }
        catch (DockerConflictException ex) when (ex.Message.Contains("already in progress", StringComparison.OrdinalIgnoreCase))
        {
            // Another removal is under way; the next plan sees the result.
        }
    }

    private async Task RemoveNetworkAsync(AppKey app, CancellationToken cancellationToken)
    {
        _networks.TryRemove(app, out _);
        names.ForgetNetwork(app);
        var networks = await docker.Networks.ListAsync(
            scope.Filter().Label(ManagedLabels.Environment, app.Environment).Label(ManagedLabels.App, app.App), cancellationToken);
        foreach (var network in networks.Where(n => scope.Owns(n.Labels) && names.IsNetworkOf(app, n.Name)))
        {
            try
            {
                await docker.Networks.RemoveAsync(network.Id, cancellationToken);
            }
            catch (DockerNotFoundException)
            {
                // Gone already.
            }
            catch (DockerException ex) when (ex.Message.Contains("active endpoints", StringComparison.OrdinalIgnoreCase))
            {
                // The 20.10 engine can report endpoints of containers removed a moment ago (moby#43286).
                throw new RetryLaterException($"network of {app} still has active endpoints; retrying later", ex);
            }
        }
    }

    private async Task RemoveVolumeAsync(AppKey app, string volume, CancellationToken cancellationToken)
    {
        _volumes.TryRemove((app, volume), out _);
        names.ForgetVolume(app, volume);
        var labelled = await docker.Volumes.ListAsync(scope.Filter()
            .Label(ManagedLabels.Environment, app.Environment).Label(ManagedLabels.App, app.App).Label(ManagedLabels.Volume, volume),
            cancellationToken);
        foreach (var name in labelled.Where(v => scope.Owns(v.Labels)).Select(v => v.Name))
        {
            if (name == names.Names.LegacyVolume(app, volume) && EngineNames.LegacyVolumeIsAmbiguous(app, volume))
            {
                // Under the earlier agents' name another app's volume may be this same one, in use: kept (docs/agent.md).
                continue;
            }
            try
            {
                await docker.Volumes.RemoveAsync(name, force: false, cancellationToken);
            }
            catch (DockerNotFoundException)
            {
                // Gone already.
            }
            catch (DockerConflictException ex)
            {
                throw new RetryLaterException($"volume {name} is still in use; retrying later", ex);
            }
        }
    }
}
