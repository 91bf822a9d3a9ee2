using System.Diagnostics;
using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Network;

/// <summary>
/// A network partition that cuts agent a off, then heals. On one engine (<see cref="Topology.OneEngine"/>) it is made
/// with two network namespaces this test creates (veth pair on 10.231.77.0/24, inside the namespaces only): the
/// controller and agent b in one, agent a in the other, both agents on this machine's engine; the link goes down,
/// then up again. On the harness (<see cref="Topology.Harness"/>) each agent has its own engine and the replicas are
/// on the environment's overlay; node 1 is cut off from the bridge, so from the controller and from node 2 alike.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PartitionTests : FaultTest
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    // holdSeconds: how long the partition lasts after the replicas moved: 0, or 70 s — past the agent's
    // HTTP/2 keepalive (ping after 30 s of silence, 20 s timeout), so the agent itself gives up the dead
    // connection and retries against an unreachable network before the link comes back.
    [TestCase(Topology.OneEngine, 0)]
    [TestCase(Topology.OneEngine, 70)]
    [TestCase(Topology.Harness, 0)]
    [TestCase(Topology.Harness, 70)]
    [CancelAfter(420_000)]
    public async Task AgentCutOff_AfterTheGraceItsReplicasMoveAndOnHealItsStaleOnesAreRemoved(Topology topology, int holdSeconds, CancellationToken cancellationToken)
    {
        var between = topology == Topology.OneEngine
            ? "between an agent and the controller (one engine)"
            : "cutting a node off from the controller and the other node (harness: an engine per node, overlay)";
        Fault(holdSeconds == 0
            ? $"network partition {between} (short)"
            : $"network partition {between} (long: {holdSeconds} s more after the replicas moved)");
        Checks("during the partition the cut-off agent keeps its containers running (same ids)",
            "the controller marks its node Down after 3 missed heartbeats (1 s) and runs its replicas on the other node",
            "on heal the node is Ready again with the same node id, its stale containers are removed (fencing)",
            "afterwards every replica runs exactly once, and still does a few heartbeats later");
        var partition = await PartitionAsync(topology, cancellationToken);
        var cluster = Cluster = await FaultCluster.StartAsync(2, Heartbeat, TimeSpan.FromSeconds(5), cancellationToken, partition.Network);
        await cluster.ApplyAsync(FaultCluster.MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(6, cancellationToken), TimeSpan.FromSeconds(90), "6 replicas running", cancellationToken);
        var (cutOff, survivor) = (cluster.Agents[0], cluster.Agents[1]);
        var cutOffId = await cluster.NodeIdAsync(cutOff);
        var survivorId = await cluster.NodeIdAsync(survivor);
        var stale = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == cutOff.Settings.NodeName).Select(c => c.Id).ToList();

        var clock = Stopwatch.StartNew();
        await partition.CutAsync(cancellationToken);
        var detected = await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Single(n => n.Id == cutOffId).Status == NodeStatus.Down,
            TimeSpan.FromSeconds(60), "the cut-off node Down", cancellationToken, TimeSpan.FromMilliseconds(100));
        Figure($"{Where(topology, holdSeconds)}: partition → node Down: {detected.TotalSeconds:0.0} s (heartbeat {Heartbeat.TotalSeconds:0} s × 3)");
        await Eventually.TrueAsync(async () =>
            {
                var replicas = await cluster.ReplicasAsync();
                var onSurvivor = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == survivor.Settings.NodeName).ToDictionary(c => c.ReplicaId, c => c.Id);
                return replicas.Count == 6 && replicas.All(r => r.NodeId == survivorId && r.State == ReplicaState.Running && onSurvivor.GetValueOrDefault(r.Id) == r.ContainerId);
            },
            TimeSpan.FromSeconds(60), "all 6 replicas running on the other node", cancellationToken, TimeSpan.FromMilliseconds(100));
        Figure($"{Where(topology, holdSeconds)}: partition → its replicas running on the other node: {clock.Elapsed.TotalSeconds:0.0} s");
        // Both copies run during the partition: the cut-off agent cannot learn that its replicas moved.
        await Task.Delay((Heartbeat * 3) + TimeSpan.FromSeconds(holdSeconds), cancellationToken);
        var keptDuringPartition = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == cutOff.Settings.NodeName).Select(c => c.Id).ToList();

        await partition.HealAsync(cancellationToken);
        var healed = await Eventually.TrueAsync(async () =>
                (await cluster.NodesAsync()).Single(n => n.Id == cutOffId).Status == NodeStatus.Ready && await cluster.ConvergedAsync(6, cancellationToken),
            TimeSpan.FromSeconds(150), "the returning node Ready, exactly 6 replicas running once each", cancellationToken, TimeSpan.FromMilliseconds(200));
        Figure($"{Where(topology, holdSeconds)}: heal → node Ready and its stale replicas removed: {healed.TotalSeconds:0.0} s");
        await Task.Delay(Heartbeat * 5, cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken, runningOnly: false);
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(keptDuringPartition, Is.EquivalentTo(stale), "the cut-off agent kept its containers running");
            Assert.That(after, Has.Count.EqualTo(6));
            Assert.That(after.Select(c => c.ReplicaId), Is.Unique, "nothing runs twice");
            Assert.That(after.Select(c => c.Id), Has.None.AnyOf(stale.ToArray<object>()), "the stale containers were removed");
            Assert.That(nodes.Select(n => n.Id).Order(StringComparer.Ordinal), Is.EqualTo(new[] { cutOffId, survivorId }.Order(StringComparer.Ordinal)));
            Assert.That(nodes.Select(n => n.Status), Is.All.EqualTo(NodeStatus.Ready));
            Assert.That(cutOff.HasExited, Is.False);
        });
    }

    /// <summary>Agent a's side and the rest: two namespaces on this machine's engine, or a 2-node harness.</summary>
    private async Task<PartitionedNetwork> PartitionAsync(Topology topology, CancellationToken cancellationToken)
    {
        if (topology == Topology.Harness)
        {
            return PartitionedNetwork.Of(await StartHarnessAsync(2, cancellationToken));
        }
        var (partition, reason) = NetworkPartition.TryCreate();
        if (partition is null)
        {
            Assert.Ignore($"cannot create network namespaces on this machine: {reason}");
        }
        OnCleanup(() =>
        {
            partition.Dispose();
            return ValueTask.CompletedTask;
        });
        return PartitionedNetwork.Of(partition);
    }

    private static string Where(Topology topology, int holdSeconds) =>
        $"{(topology == Topology.OneEngine ? "one engine" : "harness")}, hold {holdSeconds} s";
}
