using System.Diagnostics;
using Codemason.Proto.V1;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// A server dies (docs/networking.md, Faults): node 2's engine, containers and agent stop at once; the controller
/// finds the node Down, places db on node 3 with the same overlay address, and web on node 1 reaches it again by
/// its service name. Its own harness: the stopped node is not used again.
/// </summary>
public sealed class NodeDownTests() : MultiNodeFixture(nodes: 3)
{
    private const string App = "failover";

    /// <summary>web on node 1 (role=web); db on a role=db node, serving its host name and a value new in each container.</summary>
    private static string MasonJson() => WebAndDb(App, "{ hostname; cat /proc/sys/kernel/random/uuid; }");

    [Test]
    [CancelAfter(300_000)]
    public async Task StopNode_DbsNodeStopped_DbRunsOnAnotherNodeAndWebReachesItAgain(CancellationToken cancellationToken)
    {
        // Node 3 joins only once db runs on node 2, so that db has one place to go when node 2 dies.
        var cluster = await StartClusterAsync(App, 2, cancellationToken, name => name == "a" ? "role=web" : "role=db");
        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "web on node 1 and db on node 2", cancellationToken);
        var node3 = cluster.StartAgent("c");
        await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Any(n => n.Hostname == node3.Settings.NodeName && n.Status == NodeStatus.Ready && n.AppliedRevision > 0),
            TimeSpan.FromSeconds(60), "node 3 Ready", cancellationToken);
        var (webEngine, web) = await ContainerOfAsync(cluster, "web", cancellationToken);
        var before = await ReplicaAsync(cluster, "db");
        var node2 = await cluster.NodeIdAsync(cluster.Agents[1]);
        var first = await GetBodyAsync(webEngine, web, TimeSpan.FromSeconds(30), "web reaches db on node 2", cancellationToken);

        var stopwatch = Stopwatch.StartNew();
        cluster.Agents[1].KillHard();
        await Harness.StopNodeAsync(Harness.Nodes[1], cancellationToken);
        var stopped = stopwatch.Elapsed;
        var down = await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Single(n => n.Id == node2).Status == NodeStatus.Down,
            TimeSpan.FromSeconds(60), "node 2 Down", cancellationToken, TimeSpan.FromMilliseconds(100)) + stopped;
        var moved = await Eventually.TrueAsync(async () => await ReplicaAsync(cluster, "db") is { State: ReplicaState.Running } r && r.NodeId != node2,
            TimeSpan.FromSeconds(60), "db running on another node", cancellationToken, TimeSpan.FromMilliseconds(100)) + down;
        // Polled past the asserted bound, so that a slow recovery still prints its figure.
        string? second = null;
        try
        {
            second = await GetBodyAsync(webEngine, web, TimeSpan.FromSeconds(120) - stopwatch.Elapsed, "web reaches db again", cancellationToken);
        }
        catch (TimeoutException)
        {
            await TestContext.Out.WriteLineAsync(await DiagnoseAsync(webEngine, web, before.Address, cancellationToken));
        }
        var reachable = stopwatch.Elapsed;
        await TestContext.Out.WriteLineAsync(
            $"node 2 stopped (agent, engine and containers killed) in {stopped.TotalSeconds:0.0} s; from the stop: Down after {down.TotalSeconds:0.0} s, " +
            $"db running elsewhere after {moved.TotalSeconds:0.0} s, web reaches it " +
            (second is null ? $"not within {reachable.TotalSeconds:0} s" : $"after {reachable.TotalSeconds:0.0} s") + " (issue #18: ≤ 20 s)");
        Assert.That(second, Is.Not.Null, "web reaches db again");

        var after = await ReplicaAsync(cluster, "db");
        var node3Id = await cluster.NodeIdAsync(node3);
        var (dbEngine, db) = await ContainerOfAsync(cluster, "db", cancellationToken);
        var served = (await dbEngine.Client.Containers.ExecAsync(db, new(["cat", "/tmp/index.html"]), cancellationToken)).Stdout;
        Assert.Multiple(() =>
        {
            Assert.That(after.NodeId, Is.EqualTo(node3Id), "db was placed on node 3, the only other role=db node");
            Assert.That(after.Address, Is.EqualTo(before.Address).And.Not.Empty, "db kept its overlay address");
            Assert.That(dbEngine.DockerHost, Is.EqualTo(Harness.Nodes[2].DockerHost), "db's container runs on node 3's engine");
            Assert.That(second, Is.Not.EqualTo(first), "the answer comes from a new container");
            Assert.That(second, Is.EqualTo(served), "web's GET of db is answered by the replica on node 3");
            Assert.That(reachable, Is.LessThan(TimeSpan.FromSeconds(60)), "web reaches db again within a generous bound");
        });
    }

    /// <summary>
    /// For a failed test: what web's kernel and nodes 1 and 3 know of the other side's addresses and MACs, what web's
    /// lookup of db returns, and whether web reaches db once node 1 forgets where it learned db's MAC (Docker derives
    /// it from the address: 02:42 + the address).
    /// </summary>
    private async Task<string> DiagnoseAsync(TestEngine engine, string web, string address, CancellationToken cancellationToken)
    {
        var report = new System.Text.StringBuilder();
        async Task InWebAsync(params string[] command)
        {
            var result = await engine.Client.Containers.ExecAsync(web, new(command), cancellationToken);
            report.Append($"web$ {string.Join(' ', command)}\n{result.Stdout}{result.Stderr}\n");
        }
        async Task InNodeAsync(ClusterNode node, string script) => report.Append($"{node.Name}$ {script}\n{await InNodeNamespaceAsync(node, script, cancellationToken)}\n");

        await InWebAsync("ip", "neigh");
        await InWebAsync("nslookup", "db");
        await InWebAsync("sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {address} 8080");
        await InNodeAsync(Harness.Nodes[0], "bridge fdb show | grep -v permanent");
        await InNodeAsync(Harness.Nodes[2], "bridge fdb show | grep -v permanent; ip -o link show type vxlan; ip neigh");
        var mac = "02:42:" + string.Join(':', System.Net.IPAddress.Parse(address).GetAddressBytes().Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
        await InNodeAsync(Harness.Nodes[0], $"for d in $(ip -o link show type vxlan | cut -d' ' -f2 | cut -d: -f1 | cut -d@ -f1); do bridge fdb del {mac} dev $d self && echo deleted {mac} on $d; done");
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await InWebAsync("sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {address} 8080");
        await InNodeAsync(Harness.Nodes[0], "bridge fdb show | grep -v permanent");
        return report.ToString();
    }

    private static async Task<string> InNodeNamespaceAsync(ClusterNode node, string script, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("ip") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "netns", "exec", node.Namespace, "sh", "-c", script })
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException("cannot start ip");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return await output + await error;
    }

    private static async Task<Replica> ReplicaAsync(ProcessCluster cluster, string service) =>
        (await cluster.ReplicasAsync()).Single(r => r.Service == service);

    /// <summary>The body of web's GET of db, polled until one comes back.</summary>
    private static async Task<string> GetBodyAsync(TestEngine engine, string web, TimeSpan timeout, string what, CancellationToken cancellationToken)
    {
        string? body = null;
        await Eventually.TrueAsync(async () =>
        {
            body = BodyOf(await engine.Client.Containers.ExecAsync(web, Get("db"), cancellationToken));
            return body is not null;
        }, timeout > TimeSpan.Zero ? timeout : TimeSpan.Zero, what, cancellationToken, TimeSpan.FromMilliseconds(200));
        return body!;
    }
}
