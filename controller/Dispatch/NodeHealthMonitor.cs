using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Controller.Nodes;
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
    INodeStore nodes,
    IEventStore events,
    AgentConnections connections,
    IReconciler reconciler,
    IOptions<DispatcherOptions> options,
    TimeProvider time,
    ILogger<NodeHealthMonitor> logger) : BackgroundService
{
    /// <summary>
    /// The longest the monitor sleeps between checks. It also wakes at the earliest deadline of any node
    /// (the moment that node has been silent for <see cref="DispatcherOptions.DownAfter"/>), so a node is
    /// Down at its own deadline, not on the next tick of a grid.
    /// </summary>
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
            var lastRecorded = time.GetUtcNow();
            var lastTick = time.GetUtcNow();
            DateTimeOffset? deadline = null;
            while (!stoppingToken.IsCancellationRequested)
            {
                await Task.Delay(NextWait(time.GetUtcNow(), deadline), time, stoppingToken);
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
                    deadline = await CheckAsync(stoppingToken);
                    lastTick = time.GetUtcNow();
                    if (time.GetUtcNow() - lastRecorded >= RecordSeenInterval)
                    {
                        lastRecorded = time.GetUtcNow();
                        await nodes.RecordNodesSeenAsync(connections.Live.ToDictionary(c => c.Node, c => c.LastSeen), stoppingToken);
                    }
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    deadline = null;
                    LogCheckFailed(ex);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    /// <summary>
    /// How long to sleep before the next check: until the earliest node deadline when it comes before
    /// <see cref="CheckInterval"/>, else the interval. Healthy nodes keep pushing their deadlines
    /// <see cref="DispatcherOptions.DownAfter"/> ahead, so at steady state this is the interval and a
    /// deadline wake-up happens only for a node that really went silent.
    /// </summary>
    public static TimeSpan NextWait(DateTimeOffset now, DateTimeOffset? earliestDeadline)
    {
        if (earliestDeadline is not { } due)
        {
            return CheckInterval;
        }
        var wait = due - now;
        return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait < CheckInterval ? wait : CheckInterval;
    }

    /// <summary>
    /// When a node in <paramref name="status"/>, silent since <paramref name="silentSince"/>, becomes Down if
    /// nothing more is heard (<see cref="NextStatus"/> agrees at that instant); <c>null</c> for a status that
    /// never times out.
    /// </summary>
    public static DateTimeOffset? Deadline(NodeStatus status, DateTimeOffset silentSince, DateTimeOffset started, DispatcherOptions settings) => status switch
    {
        NodeStatus.Ready => silentSince + settings.DownAfter,
        NodeStatus.Unknown => Max(silentSince + settings.DownAfter, started + settings.RestartGrace),
        _ => null,
    };

    private async Task MarkUnknownAfterRestartAsync(CancellationToken cancellationToken)
    {
        foreach (var node in await nodes.ListNodeHealthAsync(cancellationToken))
        {
            if (node.Status == NodeStatus.Ready && connections.Get(node.NodeId) is null)
            {
                await nodes.SetNodeStatusAsync(node.NodeId, NodeStatus.Unknown, cancellationToken);
            }
        }
    }

    /// <summary>Applies the status rules to every node; returns the earliest deadline of those still up.</summary>
    private async Task<DateTimeOffset?> CheckAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        var now = time.GetUtcNow();
        var replan = new HashSet<string>(StringComparer.Ordinal);
        DateTimeOffset? earliest = null;
        // Runs about every second: the light listing (no replica counts or reservations per node).
        foreach (var node in await nodes.ListNodeHealthAsync(cancellationToken))
        {
            var id = node.NodeId;
            var live = connections.Get(id);
            // Time in which the controller was stalled is not the node's silence.
            var silentSince = Max(connections.LastSeen(id), _stalledAt);
            var silent = now - silentSince;
            var next = NextStatus(node.Status, live is not null, silent, now - connections.Started, settings);
            if (Deadline(next, silentSince, connections.Started, settings) is { } due && (earliest is null || due < earliest))
            {
                earliest = due;
            }
            if (next == node.Status)
            {
                continue;
            }
            await nodes.SetNodeStatusAsync(id, next, cancellationToken);
            if (next == NodeStatus.Down)
            {
                // A silent session is a dead connection (a partition): end it, the agent reconnects when it can.
                live?.Close("timeout", $"no heartbeat for {silent.TotalSeconds:0} s");
                LogDown(id.Value, node.Hostname, silent);
                await events.AppendEventsAsync(
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
        // The loop places them; should that fail, it retries, and its resync finds replicas on Down nodes anyway.
        foreach (var environment in replan)
        {
            reconciler.Enqueue(ReconcileTarget.ForEnvironment(environment));
        }
        return earliest;
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    /// <summary>
    /// The status rules, as a pure function (tested on their own). A node silent for
    /// <see cref="DispatcherOptions.DownAfter"/> (3 heartbeat periods by default) is Down from that instant.
    /// </summary>
    public static NodeStatus NextStatus(NodeStatus current, bool connected, TimeSpan silentFor, TimeSpan sinceStart, DispatcherOptions settings)
    {
        var heard = connected && silentFor < settings.DownAfter;
        return current switch
        {
            NodeStatus.Ready when silentFor >= settings.DownAfter => NodeStatus.Down,
            NodeStatus.Unknown when heard => NodeStatus.Ready,
            NodeStatus.Unknown when sinceStart >= settings.RestartGrace && silentFor >= settings.DownAfter => NodeStatus.Down,
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
