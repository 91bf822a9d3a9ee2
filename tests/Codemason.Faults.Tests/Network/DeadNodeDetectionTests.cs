using System.Diagnostics;
using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Network;

/// <summary>
/// With the controller's DEFAULT settings (heartbeat 5 s, Down after 3 missed): how long until a node
/// that went silent is Down, and until its replicas run elsewhere. The node goes silent by SIGSTOP of its
/// agent: its TCP connection stays open and nothing is said, as with a hung server or a cut cable. Both agents on
/// this machine's engine (<see cref="Topology.OneEngine"/>), or each on its own harness node with the replicas on
/// the environment's overlay (<see cref="Topology.Harness"/>).
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DeadNodeDetectionTests : FaultTest
{
    /// <summary>Target from issue #9: a dead node is detected within this.</summary>
    private static readonly TimeSpan DetectTarget = TimeSpan.FromSeconds(15);

    /// <summary>Target from issue #9: its replicas run elsewhere within this.</summary>
    private static readonly TimeSpan RescheduleTarget = TimeSpan.FromSeconds(20);

    /// <summary>
    /// What the controller promises: Down at the moment the node has been silent for 3 × 5 s (the health
    /// monitor wakes at each node's own deadline), plus this test's 100 ms polling and an RPC. The agent is
    /// frozen right after its last message (the status report that completed the rollout), so this is the worst case.
    /// </summary>
    private static readonly TimeSpan DetectBound = TimeSpan.FromSeconds(15) + TimeSpan.FromMilliseconds(500);

    [TestCase(Topology.OneEngine)]
    [TestCase(Topology.Harness)]
    [CancelAfter(300_000)]
    public async Task SilentNodeWithDefaultSettings_DetectedAndReplicasRunningElsewhereWithinTheTargets(Topology topology, CancellationToken cancellationToken)
    {
        Fault($"dead node with default settings (heartbeat 5 s × 3 missed): detection and rescheduling time ({Where(topology)})");
        Checks($"time from the agent going silent (SIGSTOP) to its node Down ≤ {DetectTarget.TotalSeconds:0} s",
            $"(asserted: ≤ 15 s + 0.5 s for this test's polling; the 15 s target is reported met or MISSED)",
            $"all its replicas RUNNING on the other node (the {RescheduleTarget.TotalSeconds:0} s target reported met or MISSED, not asserted: a timing on a shared machine)",
            "on SIGCONT the node returns, its stale containers are removed and each replica runs once");
        var network = topology == Topology.Harness ? await StartHarnessAsync(2, cancellationToken) : null;
        var cluster = Cluster = await FaultCluster.StartAsync(2, heartbeatPeriod: null, restartGrace: null, cancellationToken, network);
        await cluster.ApplyAsync(FaultCluster.MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(6, cancellationToken), TimeSpan.FromSeconds(90), "6 replicas running", cancellationToken);
        var (silent, survivor) = (cluster.Agents[0], cluster.Agents[1]);
        var silentId = await cluster.NodeIdAsync(silent);
        var survivorId = await cluster.NodeIdAsync(survivor);
        var moved = (await cluster.ReplicasAsync()).Count(r => r.NodeId == silentId);

        var clock = Stopwatch.StartNew();
        var frozenAt = DateTimeOffset.UtcNow;
        silent.Freeze();
        var detected = await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Single(n => n.Id == silentId).Status == NodeStatus.Down,
            TimeSpan.FromSeconds(60), "the silent node Down", cancellationToken, TimeSpan.FromMilliseconds(100));
        await Eventually.TrueAsync(async () =>
            {
                var replicas = await cluster.ReplicasAsync();
                var onSurvivor = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == survivor.Settings.NodeName).ToDictionary(c => c.ReplicaId, c => c.Id);
                return replicas.Count == 6 && replicas.All(r => r.NodeId == survivorId && r.State == ReplicaState.Running && onSurvivor.GetValueOrDefault(r.Id) == r.ContainerId);
            },
            TimeSpan.FromSeconds(60), "all 6 replicas running on the other node", cancellationToken, TimeSpan.FromMilliseconds(100));
        var elsewhere = clock.Elapsed;
        // When the controller declared it (its node-down event, stamped at the commit), apart from this test's polling.
        var down = (await cluster.Client.ListEventsAsync(cluster.Environment)).Events.Last(e => e.Kind == "node-down" && e.NodeId == silentId);
        var declared = down.At.ToDateTimeOffset() - frozenAt;
        Figure($"{Where(topology)}, defaults: node silent → declared Down by the controller: {declared.TotalSeconds:0.000} s (target ≤ {DetectTarget.TotalSeconds:0} s: {(declared <= DetectTarget ? "met" : "MISSED")}; " +
            $"worst case, the agent froze right after its last message); seen by this test's 100 ms polling at {detected.TotalSeconds:0.0} s");
        Figure($"{Where(topology)}, defaults: node silent → its {moved} replicas running on the other node: {elsewhere.TotalSeconds:0.0} s " +
            $"(target ≤ {RescheduleTarget.TotalSeconds:0} s: {(elsewhere <= RescheduleTarget ? "met" : "MISSED")})");

        silent.Thaw();
        var healed = await Eventually.TrueAsync(async () =>
                (await cluster.NodesAsync()).Single(n => n.Id == silentId).Status == NodeStatus.Ready && await cluster.ConvergedAsync(6, cancellationToken),
            TimeSpan.FromSeconds(120), "the returning node Ready, exactly 6 replicas running once each", cancellationToken, TimeSpan.FromMilliseconds(200));
        Figure($"{Where(topology)}, defaults: node back → Ready and its stale replicas removed: {healed.TotalSeconds:0.0} s");

        Assert.Multiple(() =>
        {
            Assert.That(moved, Is.GreaterThan(0), "the silent node ran replicas");
            // The 15 s target itself is reported above (met or MISSED), not asserted: what the test observes
            // includes its own polling (100 ms) and an RPC on a shared machine.
            Assert.That(detected, Is.LessThanOrEqualTo(DetectBound), "Down at 3 missed heartbeats, plus polling");
            // The 20 s rescheduling target is only reported: starting the moved containers after the node is Down
            // depends on the engine and this machine's load (a clean-clone run beside other work measured 20.8 s).
        });
    }

    private static string Where(Topology topology) => topology == Topology.OneEngine ? "one engine" : "harness";
}
