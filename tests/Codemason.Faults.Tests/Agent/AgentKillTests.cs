using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Agent;

/// <summary>
/// kill -9 of an agent while it creates many containers, twice, each time restarted on the same state
/// file: the half-made work is finished or cleaned, never duplicated, and what already ran is adopted.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class AgentKillTests : FaultTest
{
    private const int Replicas = 16;

    [Test]
    [CancelAfter(300_000)]
    public async Task KilledMidReconcileTwice_Restarted_EachReplicaHasExactlyOneContainerAndAllRun(CancellationToken cancellationToken)
    {
        Fault("agent kill -9 mid-reconcile");
        Checks($"the agent is killed twice while it creates {Replicas} containers (once ≥ 2 exist, then once ≥ 4 run)",
            "after each restart (same state file) the containers running at the kill keep their ids: adopted, not restarted or recreated",
            $"in the end exactly {Replicas} containers exist in any state (created, exited included), one per replica, all running",
            "the controller lists every replica RUNNING with that container's id; the node is the same one (credential kept)");
        // Heartbeats every 2 s: an agent restart on a loaded machine can take more than 3 s, and a node Down meanwhile
        // would have its replicas rescheduled, which is not what this test is about.
        var cluster = Cluster = await FaultCluster.StartAsync(1, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(5), cancellationToken);
        var nodeId = await cluster.NodeIdAsync(cluster.Agents[0]);

        await cluster.ApplyAsync(FaultCluster.MasonJson(Replicas / 2));
        var kills = new List<(int Existing, int Running)>();
        var runningAtKills = new Dictionary<string, string>();
        // First while containers are only being created (none started yet), then while they are being started.
        foreach (var (threshold, runningOnly) in new[] { (2, false), (4, true) })
        {
            await Eventually.TrueAsync(async () => (await cluster.ContainersAsync(cancellationToken, runningOnly)).Count >= threshold,
                TimeSpan.FromSeconds(90), $"at least {threshold} containers {(runningOnly ? "running" : "made")}", cancellationToken, TimeSpan.FromMilliseconds(10));
            cluster.Agents[0].KillHard();
            var all = await cluster.ContainersAsync(cancellationToken, runningOnly: false);
            var running = await cluster.ContainersAsync(cancellationToken);
            kills.Add((all.Count, running.Count));
            foreach (var container in running)
            {
                runningAtKills.TryAdd(container.ReplicaId, container.Id);
            }
            cluster.StartAgent("a");
        }
        Figure($"containers existing/running at each kill: {string.Join(", ", kills.Select(k => $"{k.Existing}/{k.Running}"))}");
        var took = await Eventually.TrueAsync(() => cluster.ConvergedAsync(Replicas, cancellationToken), TimeSpan.FromSeconds(120),
            $"{Replicas} replicas running, exactly one container each", cancellationToken);
        Figure($"second restart → all {Replicas} running: {took.TotalSeconds:0.0} s");
        // A few resyncs later nothing has been added or replaced.
        await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken, runningOnly: false);
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(kills.Select(k => k.Running), Is.All.LessThan(Replicas), "each kill came mid-reconcile");
            Assert.That(after, Has.Count.EqualTo(Replicas));
            Assert.That(after.Select(c => c.ReplicaId), Is.Unique);
            var byReplica = after.ToDictionary(c => c.ReplicaId, c => c.Id);
            Assert.That(runningAtKills.Where(r => byReplica.GetValueOrDefault(r.Key) != r.Value).Select(r => r.Key), Is.Empty,
                "containers running at a kill were adopted, not recreated");
            Assert.That(nodes.Select(n => (n.Id, n.Status)), Is.EqualTo(new[] { (nodeId, NodeStatus.Ready) }));
        });
    }
}
