using System.Diagnostics;
using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Engine;

/// <summary>
/// dockerd restarted under a running agent that is connected to a controller. Category Disruptive:
/// scripts/run-tests.sh runs these alone, after everything else; it restarts only an engine this project's
/// scripts started (scripts/restart-dockerd.sh exits 3 otherwise, and the test is skipped).
/// </summary>
[Category("Integration")]
[Category("Disruptive")]
[NonParallelizable]
public sealed class EngineRestartFaultTests : FaultTest
{
    [Test]
    [CancelAfter(300_000)]
    public async Task DockerdRestartedUnderARunningAgent_ReplicasRunAgainInTheirContainersWithoutDuplicates(CancellationToken cancellationToken)
    {
        Fault("dockerd restarted under a running agent");
        Checks("after the engine is back every replica runs again in exactly one container: restarted in place, or replaced " +
            "when the engine refuses to start it again (its runtime kept an old task), none added",
            "the controller lists every replica RUNNING with that container's id; the node stays the same and Ready",
            "the agent process survives the engine outage");
        var cluster = Cluster = await FaultCluster.StartAsync(1, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(5), cancellationToken);
        await cluster.ApplyAsync(FaultCluster.MasonJson(2));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(4, cancellationToken), TimeSpan.FromSeconds(60), "4 replicas running", cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);
        var nodeId = await cluster.NodeIdAsync(cluster.Agents[0]);

        var clock = Stopwatch.StartNew();
        var (code, output) = await EngineRestart.RunAsync(cancellationToken);
        if (code == EngineRestart.NotOurs)
        {
            Assert.Ignore("the engine was not started by this project's scripts, so it is not ours to restart");
        }
        Assert.That(code, Is.Zero, output);
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                return await cluster.ConvergedAsync(4, cancellationToken);
            }
            catch (Docker.Errors.DockerException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(120), "4 replicas running again after the engine restart", cancellationToken, TimeSpan.FromMilliseconds(500));
        Figure($"engine restart → all replicas running and reported: {clock.Elapsed.TotalSeconds:0.0} s");
        await Task.Delay(TimeSpan.FromSeconds(6), cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken, runningOnly: false);
        var nodes = await cluster.NodesAsync();

        var inPlace = after.Count(c => before.GetValueOrDefault(c.ReplicaId) == c.Id);
        Figure($"restarted in place: {inPlace} of {before.Count}; replaced: {after.Count - inPlace}");

        Assert.Multiple(() =>
        {
            Assert.That(after.Select(c => c.ReplicaId).Order(), Is.EqualTo(before.Keys.Order()), "one container per replica, none added");
            Assert.That(nodes.Select(n => (n.Id, n.Status)), Is.EqualTo(new[] { (nodeId, NodeStatus.Ready) }));
            Assert.That(cluster.Agents[0].HasExited, Is.False);
        });
    }
}
