using Codemason.Controller.Apply;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Decides node status from what the sessions hear. A Ready node silent for
/// <see cref="DispatcherOptions.DownAfter"/> is Down and its replicas are rescheduled. After a
/// controller restart every node starts Unknown: nothing is rescheduled until
/// <see cref="DispatcherOptions.RestartGrace"/> has passed, so a controller restart never moves
/// containers that kept running.
/// </summary>
public sealed partial class NodeHealthMonitor(
    IControllerStore store,
    AgentConnections connections,
    IPlacementService placement,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<NodeHealthMonitor> logger) : BackgroundService
{
    /// <summary>How often node health is evaluated.</summary>
    public static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    /// <summary>How often last-seen times are written to the store.</summary>
    public static readonly TimeSpan RecordSeenInterval = TimeSpan.FromSeconds(5);

    /// <summary>A check that starts this much later than planned means the controller stalled.</summary>
    public static readonly TimeSpan StallThreshold = TimeSpan.FromSeconds(3);

    private DateTimeOffset _stalledAt = DateTimeOffset.MinValue;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await MarkUnknownAfterRestartAsync(stoppingToken);
            using var timer = new PeriodicTimer(CheckInterval, time);
            var lastRecorded = time.GetUtcNow();
            var lastTick = time.GetUtcNow();
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var tick = time.GetUtcNow();
                    if (tick - lastTick > StallThreshold)
                    {
                        // The controller itself did not run on time (starved machine, blocked threads): it could not
                        // have read heartbeats either, so silence is only counted from now.
                        _stalledAt = tick;
                        LogStalled(tick - lastTick);
                    }
                    lastTick = tick;
                    await CheckAsync(stoppingToken);
                    lastTick = time.GetUtcNow();
                    if (time.GetUtcNow() - lastRecorded >= RecordSeenInterval)
                    {
                        lastRecorded = time.GetUtcNow();
                        await store.RecordNodesSeenAsync(connections.Live.ToDictionary(c => c.Node, c => c.LastSeen), stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    private async Task MarkUnknownAfterRestartAsync(CancellationToken cancellationToken)
    {
        foreach (var node in (await store.ListNodesAsync(null, cancellationToken)).Items)
        {
            if (node.Status == NodeStatus.Ready && connections.Get(new NodeId(node.Id)) is null)
            {
                await store.SetNodeStatusAsync(new NodeId(node.Id), NodeStatus.Unknown, cancellationToken);
            }
        }
    }

    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var replan = new HashSet<string>(StringComparer.Ordinal);
        // Runs every second: the light listing (no replica counts or reservations per node).
        foreach (var node in await store.ListNodeHealthAsync(cancellationToken))
        {
            var id = node.NodeId;
            var live = connections.Get(id);
            // Time in which the controller was stalled is not the node's silence.
            var silent = now - Max(connections.LastSeen(id), _stalledAt);
            var next = NextStatus(node.Status, live is not null, silent, now - connections.Started, settings);
            if (next == node.Status)
            {
                continue;
            }
            await store.SetNodeStatusAsync(id, next, cancellationToken);
            if (next == NodeStatus.Down)
            {
                // A silent session is a dead connection (a partition): end it, the agent reconnects when it can.
                live?.Close("timeout", $"no heartbeat for {silent.TotalSeconds:0} s");
                LogDown(id.Value, node.Hostname, silent);
                await store.AppendEventsAsync(
                    [new NewEvent("node-down",
                        $"node {node.Hostname} missed its heartbeats for {silent.TotalSeconds:0} s; its replicas are rescheduled",
                        Environment: node.Environment, NodeId: id.Value)],
                    cancellationToken);
                replan.Add(node.Environment);
            }
            else if (next == NodeStatus.Ready)
            {
                replan.Add(node.Environment);
            }
        }
        foreach (var environment in replan)
        {
            await placement.PlaceAsync(environment, cancellationToken);
        }
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>The status rules, as a pure function (tested on their own).</summary>
    public static NodeStatus NextStatus(NodeStatus current, bool connected, TimeSpan silentFor, TimeSpan sinceStart, DispatcherOptions settings)
    {
        var heard = connected && silentFor <= settings.DownAfter;
        return current switch
        {
            NodeStatus.Ready when !heard && silentFor > settings.DownAfter => NodeStatus.Down,
            NodeStatus.Unknown when heard => NodeStatus.Ready,
            NodeStatus.Unknown when sinceStart > settings.RestartGrace && silentFor > settings.DownAfter => NodeStatus.Down,
            NodeStatus.Down when heard => NodeStatus.Ready,
            _ => current,
        };
    }

    [LoggerMessage(EventId = 3200, Level = LogLevel.Warning, Message = "node {Node} ({Hostname}) is Down: silent for {Silent}")]
    private partial void LogDown(string node, string hostname, TimeSpan silent);

    [LoggerMessage(EventId = 3202, Level = LogLevel.Warning, Message = "node health check ran {Gap} after the previous one: the controller was stalled; node silence counts from now")]
    private partial void LogStalled(TimeSpan gap);

    [LoggerMessage(EventId = 3201, Level = LogLevel.Error, Message = "node health check failed")]
    private partial void LogCheckFailed(Exception exception);
}
