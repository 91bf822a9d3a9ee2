using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;
using Grpc.Core;

namespace Codemason.Faults.Tests.Controller;

/// <summary>
/// kill -9 of the controller at three moments — right after it acknowledged an apply, during a watch, and
/// while agents stream the statuses of a scale-up — then a restart on the same data and address. Nothing
/// acknowledged is lost, no running container is recreated, the agents reconnect by themselves.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class ControllerKillTests : FaultTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);
    // Longer than the agents' reconnect backoff reaches while a controller restarts under load (attempts at ~0.5, 1, 2, 4, 8 s):
    // within the grace nothing moves, which is what these tests check. Production default: 30 s.
    private static readonly TimeSpan RestartGrace = TimeSpan.FromSeconds(15);

    private async Task<ProcessCluster> StartRunningAsync(int scale, CancellationToken cancellationToken)
    {
        Cluster = await FaultCluster.StartAsync(2, Heartbeat, RestartGrace, cancellationToken);
        await Cluster.ApplyAsync(FaultCluster.MasonJson(scale));
        var cluster = Cluster;
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(scale * 2, cancellationToken), Converge, $"{scale * 2} replicas running, one container each", cancellationToken);
        return cluster;
    }

    private static async Task<TimeSpan> RestartAndReconnectAsync(ProcessCluster cluster, CancellationToken cancellationToken)
    {
        await cluster.StartControllerAsync(cancellationToken);
        return await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).All(n => n.Status == NodeStatus.Ready),
            Converge, "both nodes Ready again", cancellationToken);
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task KilledRightAfterAcknowledgingAnApply_Restarted_TheRevisionIsKeptAndOnlyItsChangeIsRolledOut(CancellationToken cancellationToken)
    {
        Fault("controller kill -9 during an apply");
        Checks("the revision the controller acknowledged just before the kill is the app's revision after the restart, and in its history",
            "the rollout finishes after the restart: the changed service runs at the new revision, one container per replica",
            "the unchanged service's containers keep their ids (not recreated)",
            "both agents reconnect on their own (nodes Ready, the same nodes)");
        var cluster = await StartRunningAsync(3, cancellationToken);
        var before = await cluster.ContainersAsync(cancellationToken);
        var nodeIds = (await cluster.NodesAsync()).Select(n => n.Id).Order(StringComparer.Ordinal).ToList();

        var applied = await cluster.ApplyAsync(FaultCluster.MasonJson(webMode: "two"));
        cluster.KillController();
        var reconnect = await RestartAndReconnectAsync(cluster, cancellationToken);
        Figure($"controller restarted → both agents reconnected: {reconnect.TotalSeconds:0.0} s");
        var app = await cluster.Client.GetAppAsync(cluster.Environment, FaultCluster.App);
        var revisions = await cluster.Client.ListRevisionsAsync(cluster.Environment, FaultCluster.App);
        await Eventually.TrueAsync(async () => await cluster.ConvergedAsync(6, cancellationToken)
                && (await cluster.ReplicasAsync()).Where(r => r.Service == "web").All(r => r.AppRevision == applied.App.Revision),
            Converge, "web at the acknowledged revision, 6 running", cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken);
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(applied.App.Revision, Is.EqualTo(2UL));
            Assert.That(app.Revision, Is.EqualTo(applied.App.Revision), "the acknowledged revision survived the kill");
            Assert.That(revisions.Revisions.Select(r => r.Number), Is.SupersetOf(new[] { 1UL, 2UL }));
            Assert.That(after.Where(c => c.Service == "worker").Select(c => (c.ReplicaId, c.Id)),
                Is.EquivalentTo(before.Where(c => c.Service == "worker").Select(c => (c.ReplicaId, c.Id))), "worker containers not recreated");
            Assert.That(after.Where(c => c.Service == "web").Select(c => c.Id), Has.None.AnyOf(before.Select(c => c.Id).ToArray<object>()),
                "every web container replaced by the new revision");
            Assert.That(after.Select(c => c.ReplicaId), Is.Unique);
            Assert.That(nodes.Select(n => n.Id).Order(StringComparer.Ordinal), Is.EqualTo(nodeIds), "the same nodes, no new ones");
            Assert.That(nodes.Select(n => n.Status), Is.All.EqualTo(NodeStatus.Ready));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task KilledDuringAWatch_Restarted_NoContainerIsRecreatedAndTheWatchResumesWithoutLosingChanges(CancellationToken cancellationToken)
    {
        Fault("controller kill -9 during a watch");
        Checks("the open watch ends with an error (Unavailable/Internal/Cancelled), not quietly",
            "a watch resumed from the last store revision seen gets only newer events, including the replica added just before the kill",
            "every container running before the kill keeps its id",
            "agents reconnect within the restart grace; no node is declared Down");
        var cluster = await StartRunningAsync(2, cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        ulong lastSeen;
        ulong scaledRevision;
        var kinds = new[] { ResourceKind.Node, ResourceKind.Replica, ResourceKind.App };
        using (var watch = cluster.Client.Watch(new WatchRequest { Environment = cluster.Environment, Kinds = { kinds } }, cancellationToken))
        {
            Assert.That(await watch.ResponseStream.MoveNext(cancellationToken), Is.True);
            lastSeen = watch.ResponseStream.Current.StoreRevision;
            // A change the watcher has not necessarily read when the controller dies.
            scaledRevision = (await cluster.ApplyAsync(FaultCluster.MasonJson(2, workerScale: 3))).StoreRevision;
            cluster.KillController();
            var ended = Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await watch.ResponseStream.MoveNext(cancellationToken))
                {
                    // Events up to the kill; then the stream must end with an error, not quietly.
                }
            });
            Assert.That(ended!.StatusCode, Is.AnyOf(StatusCode.Unavailable, StatusCode.Internal, StatusCode.Cancelled));
        }
        var reconnect = await RestartAndReconnectAsync(cluster, cancellationToken);
        Figure($"controller restarted → both agents reconnected: {reconnect.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(5, cancellationToken), Converge, "5 replicas running", cancellationToken);
        // Past the restart grace and the Down timeout: had a node been declared Down, its replicas would have moved.
        await Task.Delay(RestartGrace + (Heartbeat * 4), cancellationToken);
        var after = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        var resumed = new List<WatchEvent>();
        using (var watch = cluster.Client.Watch(new WatchRequest { Environment = cluster.Environment, Kinds = { kinds }, FromRevision = lastSeen }, cancellationToken))
        {
            while (await watch.ResponseStream.MoveNext(cancellationToken) && watch.ResponseStream.Current.Type != WatchEvent.Types.Type.Bookmark)
            {
                resumed.Add(watch.ResponseStream.Current);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(after.Where(a => before.ContainsKey(a.Key)), Is.EquivalentTo(before), "the replicas running before the kill, in the same containers");
            Assert.That(after, Has.Count.EqualTo(5));
            Assert.That(resumed.Select(e => e.StoreRevision), Is.All.GreaterThan(lastSeen));
            Assert.That(resumed.Select(e => e.StoreRevision).DefaultIfEmpty().Max(), Is.GreaterThanOrEqualTo(scaledRevision),
                "the resumed watch covers the change made just before the kill");
            Assert.That(resumed.Where(e => e.Replica is not null).Select(e => e.Replica.Id), Does.Contain($"{cluster.Environment}/{FaultCluster.App}/worker#3"),
                "the replica added just before the kill is in the resumed watch");
            Assert.That(resumed.Where(e => e.Node is not null).Select(e => e.Node.Status), Does.Not.Contain(NodeStatus.Down));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task KilledWhileAgentsStreamStatus_Restarted_EveryReplicaRunsOnceAndNoneIsRecreated(CancellationToken cancellationToken)
    {
        Fault("controller kill -9 while agents stream status");
        Checks("killed while a scale-up from 4 to 12 replicas was being reported (some new replicas RUNNING, not all)",
            "after the restart all 12 run, one container each, and the controller lists each RUNNING with its container id",
            "the 4 containers from before the scale-up and the new ones reported before the kill keep their ids",
            "the acknowledged revision is the app's revision after the restart");
        var cluster = await StartRunningAsync(2, cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        var applied = await cluster.ApplyAsync(FaultCluster.MasonJson(6));
        await Eventually.TrueAsync(async () => (await cluster.ReplicasAsync()).Count(r => r.State == ReplicaState.Running) > 4,
            Converge, "the first new replicas reported RUNNING", cancellationToken, TimeSpan.FromMilliseconds(20));
        var reported = (await cluster.ReplicasAsync()).Where(r => r.State == ReplicaState.Running).ToDictionary(r => r.Id, r => r.ContainerId);
        cluster.KillController();
        Figure($"replicas reported RUNNING when the controller was killed: {reported.Count} of 12");
        var reconnect = await RestartAndReconnectAsync(cluster, cancellationToken);
        Figure($"controller restarted → both agents reconnected: {reconnect.TotalSeconds:0.0} s");
        var took = await Eventually.TrueAsync(() => cluster.ConvergedAsync(12, cancellationToken), Converge, "12 replicas running, one container each", cancellationToken);
        Figure($"restart → all 12 running and reported: {(reconnect + took).TotalSeconds:0.0} s");
        var after = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);
        var app = await cluster.Client.GetAppAsync(cluster.Environment, FaultCluster.App);

        Assert.Multiple(() =>
        {
            Assert.That(reported, Has.Count.LessThan(12), "the kill came while statuses were still arriving");
            Assert.That(after.Where(a => before.ContainsKey(a.Key)), Is.EquivalentTo(before), "containers from before the scale-up not recreated");
            Assert.That(after.Where(a => reported.ContainsKey(a.Key)), Is.EquivalentTo(reported), "containers reported before the kill not recreated");
            Assert.That(app.Revision, Is.EqualTo(applied.App.Revision));
        });
    }
}
