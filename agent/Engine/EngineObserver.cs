using System.Globalization;
using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;

namespace Codemason.Agent.Engine;

/// <summary>
/// Reads this node's managed objects from the engine and turns them into the planner's
/// <see cref="ObservedContainer"/>s. Lists are cheap; containers are inspected only when the
/// planner needs what a list does not say (exit code and times of a stopped container).
/// </summary>
public sealed class EngineObserver(IDockerClient docker, NodeScope scope, AppObjectNames names)
{
    private readonly HashSet<string> _offNetwork = [];
    private readonly Lock _offNetworkGate = new();
    private readonly Overlay.OverlayNames _overlayNames = new(names.Names.Prefix);

    /// <summary>
    /// Containers of one replica, each inspected: the list is served from a view the engine updates
    /// only after it announced a <c>die</c>, so right after that event only inspect tells the truth.
    /// </summary>
    public async Task<IReadOnlyList<ObservedContainer>> ReplicaAsync(ReplicaId replica, CancellationToken cancellationToken)
    {
        var filters = scope.Filter()
            .Label(ManagedLabels.Environment, replica.App.Environment)
            .Label(ManagedLabels.App, replica.App.App)
            .Label(ManagedLabels.Service, replica.Service)
            .Label(ManagedLabels.Replica, replica.Index.ToString(CultureInfo.InvariantCulture));
        var summaries = await docker.Containers.ListAsync(new ContainerListOptions { Filters = filters }, cancellationToken);
        var observed = new List<ObservedContainer>(summaries.Count);
        foreach (var summary in summaries.Where(s => scope.Owns(s.Labels)))
        {
            if (await ObserveAsync(summary, inspect: true, cancellationToken) is { } container)
            {
                observed.Add(container);
            }
        }
        return observed;
    }

    /// <summary>
    /// The replicas that have a container on this node, from one container list (nothing inspected, no network or
    /// volume listed): what the settle check needs after each assignment set and removal.
    /// </summary>
    public async Task<IReadOnlyList<ReplicaId>> ReplicasWithContainersAsync(CancellationToken cancellationToken)
    {
        var summaries = await docker.Containers.ListAsync(new ContainerListOptions { Filters = scope.Filter() }, cancellationToken);
        return [.. summaries.Where(s => scope.Owns(s.Labels)).Select(s => ManagedLabels.ReplicaOf(s.Labels)).OfType<ReplicaId>()];
    }

    /// <summary>Everything of this node's: one container list, one network list, one volume list.</summary>
    public async Task<EngineSnapshot> SnapshotAsync(CancellationToken cancellationToken)
    {
        var filter = scope.Filter();
        var listing = docker.Containers.ListAsync(new ContainerListOptions { Filters = filter }, cancellationToken);
        var networking = docker.Networks.ListAsync(filter, cancellationToken);
        var volumeListing = docker.Volumes.ListAsync(filter, cancellationToken);

        var networks = new HashSet<AppKey>();
        var members = new HashSet<string>(StringComparer.Ordinal);
        // Oldest first: of two networks of one app (an earlier agent's name and the new one), the first found is kept.
        foreach (var network in (await networking).Where(n => scope.Owns(n.Labels)).OrderBy(n => n.Created))
        {
            // Replicas sit on their app's network, or on their environment's overlay network.
            AppKey? app = AppOf(network.Labels) is { } owner && names.IsNetworkOf(owner, network.Name) ? owner : null;
            if (app is null && network.Labels?.ContainsKey(Overlay.OverlayNames.VniLabel) != true)
            {
                continue;
            }
            // The list does not say who is attached; inspect (one call per such network).
            try
            {
                var details = await docker.Networks.InspectAsync(network.Id, cancellationToken);
                members.UnionWith(details.Containers?.Keys ?? []);
                if (app is { } present && networks.Add(present))
                {
                    names.FoundNetwork(present, network.Name);
                }
            }
            catch (DockerNotFoundException)
            {
            }
        }

        var containers = new Dictionary<ReplicaId, List<ObservedContainer>>();
        var offNetwork = new HashSet<string>(StringComparer.Ordinal);
        foreach (var summary in (await listing).Where(s => scope.Owns(s.Labels)))
        {
            if (await ObserveAsync(summary, inspect: false, cancellationToken) is not { } container)
            {
                continue;
            }
            if (container.State == ContainerRunState.Running && !members.Contains(container.Id))
            {
                offNetwork.Add(container.Id);
                container = container with { OnAppNetwork = false };
            }
            if (!containers.TryGetValue(container.Replica, out var list))
            {
                containers[container.Replica] = list = [];
            }
            list.Add(container);
        }
        lock (_offNetworkGate)
        {
            _offNetwork.Clear();
            _offNetwork.UnionWith(offNetwork);
        }

        var volumes = new Dictionary<AppKey, List<string>>();
        foreach (var volume in (await volumeListing).Where(v => scope.Owns(v.Labels)))
        {
            if (AppOf(volume.Labels) is { } app && volume.Labels!.TryGetValue(ManagedLabels.Volume, out var logical))
            {
                if (!volumes.TryGetValue(app, out var list))
                {
                    volumes[app] = list = [];
                }
                if (!list.Contains(logical, StringComparer.Ordinal))
                {
                    list.Add(logical);
                    names.FoundVolume(app, logical, volume.Name);
                }
                else if (volume.Name == names.Names.LegacyVolume(app, logical))
                {
                    // An earlier agent's volume holds the data written before the upgrade: it stays the one in use.
                    names.FoundVolume(app, logical, volume.Name);
                }
            }
        }

        return new EngineSnapshot(
            containers.ToDictionary(p => p.Key, p => (IReadOnlyList<ObservedContainer>)p.Value),
            networks,
            volumes.ToDictionary(p => p.Key, p => (IReadOnlyList<string>)p.Value));
    }

    /// <summary>Records that a container was attached to its app network again.</summary>
    public void MarkConnected(string containerId)
    {
        lock (_offNetworkGate)
        {
            _offNetwork.Remove(containerId);
        }
    }

    /// <param name="summary">The container as listed.</param>
    /// <param name="inspect">Inspect even a running container (stopped ones are always inspected for exit code and times).</param>
    /// <param name="cancellationToken">Cancels the calls.</param>
    private async Task<ObservedContainer?> ObserveAsync(ContainerSummary summary, bool inspect, CancellationToken cancellationToken)
    {
        if (ManagedLabels.ReplicaOf(summary.Labels) is not { } replica)
        {
            return null;
        }
        var state = ParseState(summary.State);
        bool onNetwork;
        lock (_offNetworkGate)
        {
            onNetwork = !_offNetwork.Contains(summary.Id);
        }
        var container = new ObservedContainer(
            summary.Id,
            summary.Name ?? summary.Id,
            replica,
            summary.Labels!.GetValueOrDefault(ManagedLabels.SpecHash, ""),
            state,
            ParseHealth(summary.Status),
            Created: DateTimeOffset.FromUnixTimeSeconds(summary.Created),
            OnAppNetwork: onNetwork,
            OverlayAddress: OverlayAddressOf(summary.NetworkSettings, replica))
        {
            NetworkAddress = FirstAddressOf(summary.NetworkSettings),
        };
        if (state is ContainerRunState.Running or ContainerRunState.Paused && !inspect)
        {
            return container;
        }
        try
        {
            var details = await docker.Containers.InspectAsync(summary.Id, cancellationToken);
            return container with
            {
                State = ParseState(details.State.Status),
                Health = ParseInspectedHealth(details.State.Health?.Status),
                ExitCode = details.State.ExitCode,
                StartedAt = details.State.StartedAt.Year <= 1 ? default : details.State.StartedAt,
                FinishedAt = details.State.FinishedAt.Year <= 1 ? default : details.State.FinishedAt,
                Created = details.Created,
                OverlayAddress = OverlayAddressOf(details.NetworkSettings, replica),
                NetworkAddress = FirstAddressOf(details.NetworkSettings),
            };
        }
        catch (DockerNotFoundException)
        {
            // Removed between list and inspect: it is gone, which the next plan sees.
            return null;
        }
    }

    /// <summary>The container's address on its environment's overlay network; null when it is not attached there.</summary>
    private string? OverlayAddressOf(ContainerNetworkSettings? settings, ReplicaId replica) =>
        settings?.Networks?.GetValueOrDefault(_overlayNames.Network(replica.App.Environment))?.IPAddress is { Length: > 0 } address
            ? address
            : null;

    /// <summary>The container's address on the first network it is attached to (the overlay or its app's); null when none.</summary>
    internal static string? FirstAddressOf(ContainerNetworkSettings? settings) =>
        settings?.Networks?.Values.Select(n => n.IPAddress).FirstOrDefault(a => !string.IsNullOrEmpty(a));

    private static AppKey? AppOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null
        && AppKey.TryCreate(labels.GetValueOrDefault(ManagedLabels.Environment), labels.GetValueOrDefault(ManagedLabels.App), out var app)
            ? app
            : null;

    internal static ContainerRunState ParseState(string? state) => state switch
    {
        "running" => ContainerRunState.Running,
        "created" => ContainerRunState.Created,
        "paused" => ContainerRunState.Paused,
        "restarting" => ContainerRunState.Restarting,
        "removing" => ContainerRunState.Removing,
        "dead" => ContainerRunState.Dead,
        _ => ContainerRunState.Exited,
    };

    internal static HealthState ParseInspectedHealth(string? status) => status switch
    {
        "starting" => HealthState.Starting,
        "healthy" => HealthState.Healthy,
        "unhealthy" => HealthState.Unhealthy,
        _ => HealthState.None,
    };

    /// <summary>The list reports health only in its status text: "Up 5 seconds (health: starting)".</summary>
    internal static HealthState ParseHealth(string? status) =>
        status is null ? HealthState.None
        : status.Contains("(health: starting)", StringComparison.Ordinal) ? HealthState.Starting
        : status.Contains("(unhealthy)", StringComparison.Ordinal) ? HealthState.Unhealthy
        : status.Contains("(healthy)", StringComparison.Ordinal) ? HealthState.Healthy
        : HealthState.None;
}
