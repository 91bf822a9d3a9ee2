using Codemason.Controller.Tests.Infrastructure;
using System.Diagnostics;
using Codemason.Proto.V1;
using Codemason.Testing;
using Grpc.Core;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// The dispatcher with real processes on the real engine: a controller and two agents (1 s heartbeats)
/// over real gRPC. Spread, rescheduling after a node dies, fencing when it returns, a controller killed
/// mid-watch, incremental changes, and bad input.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class DispatcherProcessTests : ProcessClusterTest
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(60);

    private async Task<ProcessCluster> StartAsync(int agents, CancellationToken cancellationToken)
    {
        Cluster = await DispatchCluster.StartAsync(agents, cancellationToken);
        return Cluster;
    }

    /// <summary>Two agents, the app applied and all 6 replicas running.</summary>
    private async Task<ProcessCluster> StartRunningAsync(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(2, cancellationToken);
        await cluster.ApplyAsync(DispatchCluster.MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(6, cancellationToken), Converge, "6 replicas running, one container each", cancellationToken);
        return cluster;
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Apply_TwoServicesOfThreeOnTwoAgents_AllRunSpreadAcrossBothNodes(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(2, cancellationToken);

        var applied = await cluster.ApplyAsync(DispatchCluster.MasonJson());
        var took = await Eventually.TrueAsync(() => cluster.ConvergedAsync(6, cancellationToken), Converge, "6 replicas running, one container each", cancellationToken);
        await TestContext.Out.WriteLineAsync($"apply to 6 running: {took.TotalSeconds:0.0} s");

        var containers = await cluster.ContainersAsync(cancellationToken);
        var replicas = await cluster.ReplicasAsync();
        var nodes = await cluster.NodesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(applied.App.Revision, Is.EqualTo(1UL));
            Assert.That(replicas.Select(r => r.Id).Order(StringComparer.Ordinal), Is.EqualTo(new[]
            {
                $"{cluster.Environment}/dispatch/web#1", $"{cluster.Environment}/dispatch/web#2", $"{cluster.Environment}/dispatch/web#3",
                $"{cluster.Environment}/dispatch/worker#1", $"{cluster.Environment}/dispatch/worker#2", $"{cluster.Environment}/dispatch/worker#3",
            }));
            Assert.That(replicas.Select(r => r.State), Is.All.EqualTo(ReplicaState.Running));
            foreach (var agent in cluster.Agents)
            {
                Assert.That(containers.Where(c => c.Node == agent.Settings.NodeName).Select(c => c.Service).Distinct().Order(),
                    Is.EqualTo(new[] { "web", "worker" }), $"node {agent.Settings.NodeName} runs replicas of each service");
            }
            Assert.That(nodes.Select(n => n.Hostname).Order(), Is.EqualTo(cluster.Agents.Select(a => a.Settings.NodeName).Order()),
                "each agent is its own node, named by its node name");
            Assert.That(nodes.Sum(n => (int)n.ReplicaCount), Is.EqualTo(6));
        });
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task AgentStopped_AfterTheGrace_ReplicasRunOnTheOtherNodeAndTheReturningAgentRemovesItsStaleOnes(CancellationToken cancellationToken)
    {
        var cluster = await StartRunningAsync(cancellationToken);
        var stopped = cluster.Agents[0];
        var survivor = cluster.Agents[1];
        var stoppedId = await cluster.NodeIdAsync(stopped);
        var survivorId = await cluster.NodeIdAsync(survivor);
        var staleIds = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == stopped.Settings.NodeName).Select(c => c.Id).ToList();

        var clock = Stopwatch.StartNew();
        await stopped.StopAsync(cancellationToken);
        await Eventually.TrueAsync(async () =>
            {
                var running = await cluster.ContainersAsync(cancellationToken);
                var replicas = await cluster.ReplicasAsync();
                var onSurvivor = running.Where(c => c.Node == survivor.Settings.NodeName).ToDictionary(c => c.ReplicaId, c => c.Id);
                return onSurvivor.Count == 6
                    && replicas.Count == 6
                    && replicas.All(r => r.NodeId == survivorId && r.State == ReplicaState.Running && onSurvivor.GetValueOrDefault(r.Id) == r.ContainerId);
            },
            Converge, "all 6 replicas running on the surviving node", cancellationToken, TimeSpan.FromMilliseconds(100));
        var rescheduled = clock.Elapsed;
        await TestContext.Out.WriteLineAsync(
            $"agent stopped → its replicas running on the other node: {rescheduled.TotalSeconds:0.0} s " +
            $"(heartbeat {DispatchCluster.HeartbeatPeriod.TotalSeconds:0} s, Down after 3 missed)");
        var downNode = (await cluster.NodesAsync()).Single(n => n.Id == stoppedId);
        var leftBehind = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == stopped.Settings.NodeName).Select(c => c.Id).ToList();

        var restarted = cluster.StartAgent("a");
        await Eventually.TrueAsync(async () =>
            {
                var nodes = await cluster.NodesAsync();
                return nodes.Single(n => n.Id == stoppedId).Status == NodeStatus.Ready && await cluster.ConvergedAsync(6, cancellationToken);
            },
            Converge, "the returning node Ready and exactly 6 replicas running once each", cancellationToken);
        // Fenced for good: nothing comes back or runs twice a few heartbeats later.
        await Task.Delay(DispatchCluster.HeartbeatPeriod * 4, cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken);
        var nodesAfter = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(downNode.Status, Is.EqualTo(NodeStatus.Down), "the stopped agent's node once its replicas moved");
            Assert.That(rescheduled, Is.LessThan(TimeSpan.FromSeconds(20)));
            Assert.That(leftBehind, Is.EquivalentTo(staleIds), "the stopped agent's containers keep running without it");
            Assert.That(after, Has.Count.EqualTo(6));
            Assert.That(after.Select(c => c.ReplicaId), Is.Unique);
            Assert.That(after.Select(c => c.Id), Has.None.AnyOf(staleIds.ToArray<object>()), "the stale containers were removed");
            Assert.That(nodesAfter.Select(n => n.Id).Order(StringComparer.Ordinal), Is.EqualTo(new[] { stoppedId, survivorId }.Order(StringComparer.Ordinal)),
                "the agent came back with its node credential: no new node");
            Assert.That(restarted.HasExited, Is.False);
        });
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task ControllerKilledMidWatch_Restarted_AgentsReconnectNothingIsRecreatedAndTheWatchResumes(CancellationToken cancellationToken)
    {
        var cluster = await StartRunningAsync(cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);
        var nodeIds = (await cluster.NodesAsync()).Select(n => n.Id).Order(StringComparer.Ordinal).ToList();

        ulong lastRevision;
        using (var watch = cluster.Client.Watch(new WatchRequest { Environment = cluster.Environment, Kinds = { ResourceKind.Node, ResourceKind.Replica } }, cancellationToken))
        {
            Assert.That(await watch.ResponseStream.MoveNext(cancellationToken), Is.True);
            Assert.That(watch.ResponseStream.Current.Type, Is.EqualTo(WatchEvent.Types.Type.Bookmark));
            lastRevision = watch.ResponseStream.Current.StoreRevision;
            var reading = watch.ResponseStream.MoveNext(cancellationToken);

            cluster.KillController();

            var ended = Assert.ThrowsAsync<RpcException>(async () => await reading);
            Assert.That(ended!.StatusCode, Is.AnyOf(StatusCode.Unavailable, StatusCode.Internal, StatusCode.Cancelled));
        }
        var restart = Stopwatch.StartNew();
        await cluster.StartControllerAsync(cancellationToken);
        var reconnected = await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).All(n => n.Status == NodeStatus.Ready),
            Converge, "both nodes Ready again", cancellationToken);
        await TestContext.Out.WriteLineAsync($"controller restarted → both nodes Ready: {reconnected.TotalSeconds:0.0} s");
        // Past the restart grace and the Down timeout: had a node been declared Down, its replicas would have moved.
        var settle = DispatchCluster.RestartGrace + (DispatchCluster.HeartbeatPeriod * 5) - restart.Elapsed;
        if (settle > TimeSpan.Zero)
        {
            await Task.Delay(settle, cancellationToken);
        }
        var after = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);
        var replicas = await cluster.ReplicasAsync();
        var nodes = await cluster.NodesAsync();

        var resumed = new List<WatchEvent>();
        using (var watch = cluster.Client.Watch(new WatchRequest { Environment = cluster.Environment, Kinds = { ResourceKind.Node, ResourceKind.Replica }, FromRevision = lastRevision }, cancellationToken))
        {
            while (await watch.ResponseStream.MoveNext(cancellationToken) && watch.ResponseStream.Current.Type != WatchEvent.Types.Type.Bookmark)
            {
                resumed.Add(watch.ResponseStream.Current);
            }
        }

        Assert.Multiple(() =>
        {
            Assert.That(after, Is.EquivalentTo(before), "same replicas in the same containers");
            Assert.That(replicas.Select(r => (r.Id, r.ContainerId, r.State)),
                Is.EquivalentTo(before.Select(b => (b.Key, b.Value, ReplicaState.Running))));
            Assert.That(nodes.Select(n => n.Id).Order(StringComparer.Ordinal), Is.EqualTo(nodeIds));
            Assert.That(nodes.Select(n => n.Status), Is.All.EqualTo(NodeStatus.Ready));
            Assert.That(resumed.Select(e => e.StoreRevision), Is.All.GreaterThan(lastRevision));
            Assert.That(resumed.Where(e => e.Node is not null).Select(e => e.Node.Status), Does.Contain(NodeStatus.Unknown).And.Contain(NodeStatus.Ready),
                "the resumed watch shows the nodes going Unknown at the restart and Ready when their agents reconnected");
            Assert.That(resumed.Where(e => e.Node is not null).Select(e => e.Node.Status), Does.Not.Contain(NodeStatus.Down));
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task ControllerKilledRepeatedly_EachTime_AgentsReconnectWithinTheRestartGrace(CancellationToken cancellationToken)
    {
        var cluster = await StartRunningAsync(cancellationToken);
        var before = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        // Each session that was established and then lost starts a fresh backoff: an agent that has lived
        // through many controller restarts reconnects as fast as after the first.
        var reconnects = new List<TimeSpan>();
        for (var i = 0; i < 6; i++)
        {
            cluster.KillController();
            await cluster.StartControllerAsync(cancellationToken);
            reconnects.Add(await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).All(n => n.Status == NodeStatus.Ready),
                Converge, $"both nodes Ready after restart {i + 1}", cancellationToken));
        }
        await TestContext.Out.WriteLineAsync($"controller restarted → both nodes Ready: {string.Join(", ", reconnects.Select(r => $"{r.TotalSeconds:0.0} s"))}");
        var after = (await cluster.ContainersAsync(cancellationToken)).ToDictionary(c => c.ReplicaId, c => c.Id);

        Assert.Multiple(() =>
        {
            Assert.That(reconnects, Is.All.LessThan(DispatchCluster.RestartGrace));
            Assert.That(after, Is.EquivalentTo(before), "nothing was rescheduled or recreated");
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Apply_OneServicesEnvironmentChanged_OnlyItsContainersAreReplaced(CancellationToken cancellationToken)
    {
        var cluster = await StartRunningAsync(cancellationToken);
        var before = await cluster.ContainersAsync(cancellationToken);

        var applied = await cluster.ApplyAsync(DispatchCluster.MasonJson(webMode: "two"));
        await Eventually.TrueAsync(async () =>
            {
                var running = await cluster.ContainersAsync(cancellationToken);
                return await cluster.ConvergedAsync(6, cancellationToken)
                    && running.Where(c => c.Service == "web").All(c => !before.Any(b => b.Id == c.Id))
                    && (await cluster.ReplicasAsync()).Where(r => r.Service == "web").All(r => r.AppRevision == applied.App.Revision);
            },
            Converge, "web replaced by revision 2, all 6 running", cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken);
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(after.Where(c => c.Service == "worker").Select(c => (c.ReplicaId, c.Id)),
                Is.EquivalentTo(before.Where(c => c.Service == "worker").Select(c => (c.ReplicaId, c.Id))), "worker containers untouched");
            Assert.That(after.Where(c => c.Service == "web").Select(c => c.Id), Has.None.AnyOf(before.Select(c => c.Id).ToArray<object>()));
            Assert.That(nodes.Select(n => n.AppliedRevision), Is.All.GreaterThanOrEqualTo(applied.StoreRevision), "every agent acknowledged the change");
            foreach (var agent in cluster.Agents)
            {
                Assert.That(agent.Log, Does.Not.Contain("asked for a complete set").And.Not.Contain("assignment set rejected"),
                    $"{agent.Settings.NodeName} applied the change as an increment");
            }
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Join_WrongToken_AgentLogsTheRejectionAndNoNodeIsCreated(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(0, cancellationToken);

        var agent = cluster.StartAgent("intruder", joinToken: "cmj_wrong-token");
        await Eventually.TrueAsync(() => Task.FromResult(agent.Log.Contains("the controller refused the join token", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the agent logs the rejection", cancellationToken);
        var nodes = await cluster.Client.ListNodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Nodes, Is.Empty);
            Assert.That(agent.Log, Does.Contain("join token is wrong or was rotated"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Reconnect_CredentialOfARemovedNode_AgentLogsTheRejectionAndNoNodeIsCreated(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(1, cancellationToken);
        var agent = cluster.Agents[0];
        var nodeId = await cluster.NodeIdAsync(agent);
        await agent.StopAsync(cancellationToken);
        await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Single().Status == NodeStatus.Down,
            TimeSpan.FromSeconds(30), "the stopped agent's node Down", cancellationToken);
        await cluster.Client.RemoveNodeAsync(nodeId);

        // Same state file, so the agent presents its node id and credential; the join token is not used again.
        var returning = cluster.StartAgent("a");
        await Eventually.TrueAsync(() => Task.FromResult(returning.Log.Contains($"the controller refused the credential of node {nodeId}", StringComparison.Ordinal)),
            TimeSpan.FromSeconds(30), "the agent logs the rejection", cancellationToken);
        var nodes = await cluster.Client.ListNodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Nodes, Is.Empty);
            Assert.That(returning.Log, Does.Contain("join again with a join token"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Apply_MissingEnvironment_NotFound(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(0, cancellationToken);

        var error = Assert.ThrowsAsync<RpcException>(() => cluster.Client.ApplyAsync(new ApplyRequest { Environment = "nowhere", MasonJson = DispatchCluster.MasonJson() }));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(error.Status.Detail, Does.Contain("nowhere"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Apply_TwoConcurrentAppliesToOneApp_BothSucceedWithConsecutiveRevisions(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(0, cancellationToken);

        var applies = await Task.WhenAll(
            Task.Run(() => cluster.ApplyAsync(DispatchCluster.MasonJson(webMode: "left")), cancellationToken),
            Task.Run(() => cluster.ApplyAsync(DispatchCluster.MasonJson(webMode: "right")), cancellationToken));
        var revisions = await cluster.Client.ListRevisionsAsync(cluster.Environment, DispatchCluster.App);
        var app = await cluster.Client.GetAppAsync(cluster.Environment, DispatchCluster.App);
        var last = applies.MaxBy(a => a.App.Revision)!;

        Assert.Multiple(() =>
        {
            Assert.That(applies.Select(a => a.App.Revision).Order(), Is.EqualTo(new[] { 1UL, 2UL }));
            Assert.That(revisions.Revisions.Select(r => r.Number).Order(), Is.EqualTo(new[] { 1UL, 2UL }));
            Assert.That(app.Revision, Is.EqualTo(2UL));
            Assert.That(app.Services.Select(s => s.SpecHash), Is.EqualTo(last.App.Services.Select(s => s.SpecHash)), "the last writer's spec is current");
        });
    }
}
