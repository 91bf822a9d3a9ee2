using Codemason.Controller.Dispatch;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Controller.Nodes;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// The node health monitor over a real SQLite store, on a manual clock: a node is Down at its own
/// deadline (silent for 3 heartbeat periods), not on the next tick of a grid, and a node whose heartbeats
/// arrive with the worst jitter is never Down.
/// </summary>
public sealed class NodeHealthMonitorTests
{
    private static readonly DispatcherOptions Defaults = new();

    [Test]
    public void NextStatus_SilentForExactlyDownAfter_Down()
    {
        var sinceStart = TimeSpan.FromMinutes(5);
        Assert.Multiple(() =>
        {
            Assert.That(NodeHealthMonitor.NextStatus(NodeStatus.Ready, true, Defaults.DownAfter - TimeSpan.FromMilliseconds(1), sinceStart, Defaults), Is.EqualTo(NodeStatus.Ready));
            Assert.That(NodeHealthMonitor.NextStatus(NodeStatus.Ready, true, Defaults.DownAfter, sinceStart, Defaults), Is.EqualTo(NodeStatus.Down));
            Assert.That(NodeHealthMonitor.NextStatus(NodeStatus.Unknown, false, Defaults.DownAfter, Defaults.RestartGrace - TimeSpan.FromMilliseconds(1), Defaults), Is.EqualTo(NodeStatus.Unknown));
            Assert.That(NodeHealthMonitor.NextStatus(NodeStatus.Unknown, false, Defaults.DownAfter, Defaults.RestartGrace, Defaults), Is.EqualTo(NodeStatus.Down));
        });
    }

    [Test]
    public void Deadline_OfEachStatus_IsWhenNextStatusTurnsDown()
    {
        var started = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);
        var seen = started + TimeSpan.FromSeconds(2.35);
        Assert.Multiple(() =>
        {
            Assert.That(NodeHealthMonitor.Deadline(NodeStatus.Ready, seen, started, Defaults), Is.EqualTo(seen + Defaults.DownAfter));
            Assert.That(NodeHealthMonitor.Deadline(NodeStatus.Unknown, seen, started, Defaults), Is.EqualTo(started + Defaults.RestartGrace));
            Assert.That(NodeHealthMonitor.Deadline(NodeStatus.Down, seen, started, Defaults), Is.Null);
            Assert.That(NodeHealthMonitor.NextWait(seen, seen + TimeSpan.FromMilliseconds(350)), Is.EqualTo(TimeSpan.FromMilliseconds(350)));
            Assert.That(NodeHealthMonitor.NextWait(seen, seen + Defaults.DownAfter), Is.EqualTo(NodeHealthMonitor.CheckInterval));
            Assert.That(NodeHealthMonitor.NextWait(seen, seen - TimeSpan.FromSeconds(1)), Is.EqualTo(TimeSpan.Zero));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Run_JitteredHeartbeatsThenSilence_NeverFlapsAndDownAtItsOwnDeadline(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        // A clock of the monitor's own: "a timer is pending" then means the monitor finished its wake-up and armed the
        // next one, not that the harness's reconciler (on the harness's clock) has a timer while the monitor still works.
        var time = new Codemason.Testing.ManualTimeProvider(harness.Time.GetUtcNow());
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var node = await harness.JoinNodeAsync("prod", "node-a");
        await harness.Store.SetNodeStatusAsync(node.NodeId, NodeStatus.Ready, cancellationToken);
        var connections = new AgentConnections(time);
        using var connection = new AgentConnection(node.NodeId, "prod", "s1", "127.0.0.1:1", time);
        connections.Open(connection);
        using var monitor = new NodeHealthMonitor(harness.Store, harness.Store, connections, harness.Reconciler, Options.Create(Defaults), time,
            NullLogger<NodeHealthMonitor>.Instance);
        await monitor.StartAsync(cancellationToken);
        await time.WaitForPendingTimerAsync(cancellationToken);

        // Heartbeats 10 % late (the jitter's worst case), off the monitor's 1 s rhythm.
        var late = Defaults.HeartbeatPeriod * 1.1;
        for (var beat = 0; beat < 8; beat++)
        {
            await StepAsync(time, late + TimeSpan.FromMilliseconds(37), cancellationToken);
            Assert.That(await StatusAsync(harness, node.NodeId, cancellationToken), Is.EqualTo(NodeStatus.Ready), $"after heartbeat gap {beat + 1}");
            connection.Touch();
        }
        var lastSeen = connection.LastSeen;

        await StepAsync(time, Defaults.DownAfter - TimeSpan.FromMilliseconds(1), cancellationToken);
        Assert.That(time.GetUtcNow() - lastSeen, Is.EqualTo(Defaults.DownAfter - TimeSpan.FromMilliseconds(1)));
        Assert.That(await StatusAsync(harness, node.NodeId, cancellationToken), Is.EqualTo(NodeStatus.Ready), "1 ms before its deadline");
        await StepAsync(time, TimeSpan.FromMilliseconds(1), cancellationToken);
        Assert.That(await StatusAsync(harness, node.NodeId, cancellationToken), Is.EqualTo(NodeStatus.Down), "at its deadline");
        await monitor.StopAsync(cancellationToken);
    }

    /// <summary>Moves the clock in steps of at most 100 ms, letting the monitor finish each wake-up.</summary>
    private static async Task StepAsync(Codemason.Testing.ManualTimeProvider time, TimeSpan total, CancellationToken cancellationToken)
    {
        var step = TimeSpan.FromMilliseconds(100);
        while (total > TimeSpan.Zero)
        {
            var by = total < step ? total : step;
            time.Advance(by);
            total -= by;
            await time.WaitForPendingTimerAsync(cancellationToken);
        }
    }

    private static async Task<NodeStatus> StatusAsync(StoreHarness harness, NodeId node, CancellationToken cancellationToken) =>
        NodeStateWire.ToStatus((await harness.Store.GetNodeAsync(node.Value, cancellationToken))!.Status);
}
