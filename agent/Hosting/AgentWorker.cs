using Codemason.Agent.Configuration;
using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Agent.Session;
using Codemason.Agent.Status;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Codemason.Proto.V1;
using Codemason.Agent.State;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Hosting;

/// <summary>
/// The agent's main loop: waits for the engine, restores its state, then runs the reconciler,
/// the event watcher, the periodic re-list with its watchdog, and the assignment source.
/// </summary>
public sealed partial class AgentWorker(
    IOptions<AgentOptions> options,
    IDockerClient docker,
    Reconciler reconciler,
    EngineEventWatcher events,
    AssignmentApplier applier,
    ReplicaStatusBoard status,
    ReplicaLogStreamer logStreamer,
    Overlay.OverlayService overlay,
    Builds.BuildRunner builds,
    Registry.RegistryService registry,
    Edge.EdgeService edge,
    NodeScope scope,
    TimeProvider time,
    ILoggerFactory loggers,
    ILogger<AgentWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = options.Value;
        var engine = await WaitForEngineAsync(stoppingToken);
        var store = await OpenStateAsync(settings.StatePath, stoppingToken);
        applier.UseStore(store);
        try
        {
            var identity = store is null ? null : await store.LoadIdentityAsync(stoppingToken);
            if (store is not null)
            {
                var book = await store.LoadAssignmentsAsync(stoppingToken);
                // Before the reconciler looks: what an earlier agent made in these environments is this agent's.
                scope.ClaimLegacy(AssignmentApplier.EnvironmentsOf(book));
                reconciler.SetAssignments(book, book.Replicas.Keys);
                LogRestored(book.Revision, book.Replicas.Count);
            }
            if (identity is not null)
            {
                scope.ClaimLegacy([identity.Environment]);
            }
            reconciler.RequestResync();

            var standalone = !string.IsNullOrWhiteSpace(settings.AssignmentsFile);
            var joined = new TaskCompletionSource<NodeIdentity>(TaskCreationOptions.RunContinuationsAsynchronously);
            var nodeId = await NodeIdAsync(store, identity, standalone, stoppingToken);
            var owning = nodeId is not null ? Task.FromResult(nodeId) : OwnerOnJoinAsync(store, joined.Task, stoppingToken);
            var loops = new List<Task> { ReconcileAsync(settings, owning, stoppingToken) };
            if (standalone)
            {
                var source = new AssignmentsFileSource(settings.AssignmentsFile!, applier, time, loggers.CreateLogger<AssignmentsFileSource>());
                loops.Add(source.RunAsync(stoppingToken));
            }
            else
            {
                // The node name, not the engine's host name: agents sharing one engine are distinct nodes.
                var facts = new NodeFacts(
                    scope.NodeName,
                    AgentOptions.ParsePairs(settings.Labels, "--labels", []),
                    new Resources { CpuShares = engine.CpuCount * 1024L, MemoryMb = engine.MemoryBytes / (1024 * 1024) },
                    engine.ServerVersion ?? "",
                    AdvertiseAddress.TryParse(settings.AdvertiseAddress, out var advertised, out _) ? advertised : null);
                var session = new ControllerSession(new Uri(settings.Controller!),
                    JoinTokenSource.Resolve(settings, System.Environment.GetEnvironmentVariable, out _), ChannelSettings(settings), store,
                    applier, status, facts, logStreamer, time, loggers.CreateLogger<ControllerSession>(), settings.Overlay ? overlay : null, builds, registry, edge)
                {
                    Joined = identity => joined.TrySetResult(identity),
                };
                loops.Add(session.RunAsync(stoppingToken));
            }
            // Every loop runs until shutdown; one that ends early is a bug: say so and stop the agent
            // (its container restarts it, and the restarted agent adopts what runs).
            var ended = await Task.WhenAny(loops);
            if (!stoppingToken.IsCancellationRequested)
            {
                var error = ended.Exception?.GetBaseException();
                LogLoopEnded(error);
                throw new InvalidOperationException("an agent loop ended unexpectedly", error);
            }
            await Task.WhenAll(loops);
        }
        finally
        {
            store?.Dispose();
        }
    }

    /// <summary>
    /// The reconciler, the event watcher, the re-list and (controller mode) the overlay, the registry and the edge: they list and make engine objects,
    /// so they start once the node id that marks this agent's objects is known.
    /// </summary>
    private async Task ReconcileAsync(AgentOptions settings, Task<string> owning, CancellationToken cancellationToken)
    {
        var nodeId = await owning.WaitAsync(cancellationToken);
        scope.ResolveNodeId(nodeId);
        LogOwner(scope.NodeId, scope.NodeName);
        var loops = new List<Task>
        {
            reconciler.RunAsync(settings.Parallelism, cancellationToken),
            events.RunAsync(cancellationToken),
            ResyncLoopAsync(settings.ResyncInterval, cancellationToken),
        };
        if (string.IsNullOrWhiteSpace(settings.AssignmentsFile))
        {
            loops.Add(overlay.RunAsync(cancellationToken));
            loops.Add(registry.RunAsync(cancellationToken));
            loops.Add(edge.RunAsync(cancellationToken));
        }
        await Task.WhenAll(loops);
    }

    /// <summary>
    /// The node id this agent's engine objects carry, chosen once and kept in the state file: the one saved; else the
    /// controller's node id of a node that joined; else, standalone, a new random one (the node name when there is no state
    /// file to keep it in). Null for a node that has not joined yet: its id comes with the join.
    /// </summary>
    private async Task<string?> NodeIdAsync(AgentStateStore? store, NodeIdentity? identity, bool standalone, CancellationToken cancellationToken)
    {
        if (store is null)
        {
            return identity?.NodeId.Value ?? (standalone ? scope.NodeName : null);
        }
        if (await store.LoadOwnerAsync(cancellationToken) is { Length: > 0 } saved)
        {
            return saved;
        }
        var chosen = identity?.NodeId.Value ?? (standalone ? NodeId.New().Value : null);
        if (chosen is not null)
        {
            await SaveOwnerAsync(store, chosen, cancellationToken);
        }
        return chosen;
    }

    /// <summary>A new node's id, once the controller gave it; saved as the node id its engine objects carry.</summary>
    private async Task<string> OwnerOnJoinAsync(AgentStateStore? store, Task<NodeIdentity> joined, CancellationToken cancellationToken)
    {
        var identity = await joined.WaitAsync(cancellationToken);
        scope.ClaimLegacy([identity.Environment]);
        if (store is not null)
        {
            await SaveOwnerAsync(store, identity.NodeId.Value, cancellationToken);
        }
        return identity.NodeId.Value;
    }

    private async Task SaveOwnerAsync(AgentStateStore store, string nodeId, CancellationToken cancellationToken)
    {
        try
        {
            await store.SaveOwnerAsync(nodeId, cancellationToken);
        }
        catch (AgentStateException ex)
        {
            LogStateUnavailable(ex.Message);
        }
    }

    /// <summary>
    /// The channel to the controller: with a CA fingerprint, only a certificate that chains to that CA is
    /// accepted, so nothing (join token, node credential) is ever sent to another server.
    /// </summary>
    private ChannelSettings ChannelSettings(AgentOptions settings)
    {
        var options = new ChannelSettings();
        var controller = new Uri(settings.Controller!);
        if (CertificateFingerprint.TryParse(settings.CaFingerprint, out var pin, out _))
        {
            options.PinnedFingerprint = pin;
            options.CertificateRejected = reason => LogCertificateRefused(pin.ToString(), reason);
            LogPinned(controller, pin.ToString());
        }
        else if (controller.Scheme == Uri.UriSchemeHttps)
        {
            LogSystemTrust(controller);
        }
        return options;
    }

    private async Task<Docker.Engine.EngineInfo> WaitForEngineAsync(CancellationToken cancellationToken)
    {
        var reported = false;
        while (true)
        {
            try
            {
                var version = await docker.Engine.GetVersionAsync(cancellationToken);
                var info = await docker.Engine.GetInfoAsync(cancellationToken);
                scope.ResolveNodeName(info.Name ?? System.Environment.MachineName);
                LogEngine(EndpointText, version.Version, version.ApiVersion, scope.NodeName);
                return info;
            }
            catch (DockerException ex) when (!cancellationToken.IsCancellationRequested)
            {
                if (!reported)
                {
                    LogWaitingForEngine(EndpointText, ex.Message);
                    reported = true;
                }
                await Task.Delay(TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    private string EndpointText => docker.Endpoint.SocketPath ?? docker.Endpoint.BaseAddress.ToString();

    private async Task<AgentStateStore?> OpenStateAsync(string path, CancellationToken cancellationToken)
    {
        try
        {
            return await AgentStateStore.OpenAsync(path, cancellationToken);
        }
        catch (AgentStateException ex)
        {
            // Without a state file the agent still enforces what it is told; it only forgets it on restart.
            LogStateUnavailable(ex.Message);
            return null;
        }
    }

    private async Task ResyncLoopAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        var warned = false;
        var started = time.GetUtcNow();
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                reconciler.RequestResync();
                var last = reconciler.ResyncCount == 0 ? started : reconciler.LastResync;
                var stale = time.GetUtcNow() - last;
                if (stale > interval * 3)
                {
                    if (!warned)
                    {
                        LogWatchdog(stale);
                        warned = true;
                    }
                }
                else
                {
                    warned = false;
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    [LoggerMessage(EventId = 1000, Level = LogLevel.Information, Message = "Docker engine at {Endpoint}: version {Version}, API {Api}; node {Node}")]
    private partial void LogEngine(string endpoint, string version, string api, string node);

    [LoggerMessage(EventId = 1001, Level = LogLevel.Warning, Message = "waiting for the Docker engine at {Endpoint}: {Reason}")]
    private partial void LogWaitingForEngine(string endpoint, string reason);

    [LoggerMessage(EventId = 1002, Level = LogLevel.Error, Message = "{Reason}; running without saved state")]
    private partial void LogStateUnavailable(string reason);

    [LoggerMessage(EventId = 1003, Level = LogLevel.Information, Message = "restored assignments at revision {Revision}: {Count} replicas")]
    private partial void LogRestored(long revision, int count);

    [LoggerMessage(EventId = 1005, Level = LogLevel.Critical, Message = "an agent loop ended unexpectedly")]
    private partial void LogLoopEnded(Exception? error);

    [LoggerMessage(EventId = 1006, Level = LogLevel.Error, Message = "the controller's certificate does not match the pinned CA fingerprint {Fingerprint}; refusing to connect ({Reason})")]
    private partial void LogCertificateRefused(string fingerprint, string reason);

    [LoggerMessage(EventId = 1007, Level = LogLevel.Information, Message = "controller {Controller}: TLS pinned to CA {Fingerprint}")]
    private partial void LogPinned(Uri controller, string fingerprint);

    [LoggerMessage(EventId = 1008, Level = LogLevel.Information, Message = "controller {Controller}: TLS checked against the system trust store (no --ca-fingerprint)")]
    private partial void LogSystemTrust(Uri controller);

    [LoggerMessage(EventId = 1009, Level = LogLevel.Information, Message = "node id {NodeId} (node {Node}): the engine objects labelled with it are this agent's")]
    private partial void LogOwner(string nodeId, string node);

    [LoggerMessage(EventId = 1004, Level = LogLevel.Warning, Message = "watchdog: the engine re-list has not completed for {Elapsed}")]
    private partial void LogWatchdog(TimeSpan elapsed);
}
