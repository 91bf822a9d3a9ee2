using Codemason.Docker.Exec;
using Codemason.Proto.V1;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// Environments are the isolation boundary (docs/networking.md, Isolation): two environments on one controller,
/// each with agents on both harness nodes (two agents share each node's engine, one per environment). An app in
/// environment A neither resolves environment B's service names nor connects to B's replicas' overlay addresses,
/// whether the replica runs on the same node as A's container or on another.
/// </summary>
public sealed class EnvironmentIsolationTests() : MultiNodeFixture(nodes: 2)
{
    private const string App = "front";
    private const string OtherApp = "vault";

    /// <summary>Environment A: web on node 1 linking db on node 2.</summary>
    private static string MasonJson() => WebAndDb(App, "echo answered by db");

    /// <summary>Environment B: secret on both nodes, serving on the same port as A's db.</summary>
    private static string OtherMasonJson() => $$"""
        {
            "name": "{{OtherApp}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "secret",
                    "image": "{{TestEngine.Image}}",
                    "scale": 2,
                    "command": ["sh", "-c", "echo answered by secret > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": { "maxPerNode": 1, "constraints": ["node.labels.role == other"] },
                },
            ],
        }
        """;

    [Test]
    [CancelAfter(300_000)]
    public async Task Connect_FromEnvironmentA_CannotResolveOrReachEnvironmentBsReplicasOnEitherNode(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 2, cancellationToken, name => name switch
        {
            "a" => "role=web",
            "b" => "role=db",
            _ => "role=other",
        });
        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "A's web on node 1 and db on node 2", cancellationToken);
        var (webEngine, web) = await ContainerOfAsync(cluster, "web", cancellationToken);
        var db = (await cluster.ReplicasAsync()).Single(r => r.Service == "db");

        var other = cluster.Environment + "-b";
        var otherToken = (await cluster.Client.CreateEnvironmentAsync(other)).JoinToken;
        // a2 runs on node 1's engine beside a, b2 on node 2's beside b.
        var otherAgents = new[] { cluster.StartAgent("a2", joinToken: otherToken), cluster.StartAgent("b2", joinToken: otherToken) };
        await Eventually.TrueAsync(async () => (await cluster.Client.ListNodesAsync(other)).Nodes.Count(n => n.Status == NodeStatus.Ready && n.AppliedRevision > 0) == 2,
            TimeSpan.FromSeconds(60), "B's 2 nodes Ready", cancellationToken);
        await cluster.ApplyAsync(OtherMasonJson(), other);
        List<Replica> secrets = [];
        await Eventually.TrueAsync(async () =>
        {
            secrets = [.. (await cluster.Client.ListReplicasAsync(other, OtherApp)).Replicas];
            return secrets.Count == 2 && secrets.All(r => r.State == ReplicaState.Running && r.Address.Length > 0);
        }, TimeSpan.FromSeconds(90), "B's 2 secret replicas running with overlay addresses", cancellationToken);
        var otherNodes = (await cluster.Client.ListNodesAsync(other)).Nodes.ToDictionary(n => n.Id, n => n.Hostname);
        var sameNode = secrets.Single(r => otherNodes[r.NodeId] == otherAgents[0].Settings.NodeName);
        var otherNode = secrets.Single(r => otherNodes[r.NodeId] == otherAgents[1].Settings.NodeName);

        // Controls: A's link works by name and by address, and B's replicas answer each other over B's overlay.
        await Eventually.TrueAsync(async () => BodyOf(await webEngine.Client.Containers.ExecAsync(web, Get("db"), cancellationToken)) == "answered by db\n",
            TimeSpan.FromSeconds(30), "A's web reaches A's db by name", cancellationToken, TimeSpan.FromMilliseconds(500));
        var byAddress = BodyOf(await webEngine.Client.Containers.ExecAsync(web, Get(db.Address), cancellationToken));
        await using var node2 = Harness.Nodes[1].CreateTestEngine(cluster.Engine.RunId);
        var secretOnNode2 = (await ProcessCluster.ContainersAsync(node2, cancellationToken)).Single(c => c.Service == "secret");
        string? withinB = null;
        await Eventually.TrueAsync(async () =>
        {
            withinB = BodyOf(await node2.Client.Containers.ExecAsync(secretOnNode2.Id, Get(sameNode.Address), cancellationToken));
            return withinB is not null;
        }, TimeSpan.FromSeconds(30), "B's secret on node 2 reaches B's secret on node 1", cancellationToken, TimeSpan.FromMilliseconds(500));

        var lookup = await webEngine.Client.Containers.ExecAsync(web, new ExecRequest(["nslookup", "secret"]), cancellationToken);
        var byName = await webEngine.Client.Containers.ExecAsync(web, Get("secret"), cancellationToken);
        var toSameNode = await webEngine.Client.Containers.ExecAsync(web, Get(sameNode.Address), cancellationToken);
        var toOtherNode = await webEngine.Client.Containers.ExecAsync(web, Get(otherNode.Address), cancellationToken);
        await TestContext.Out.WriteLineAsync($"A's db {db.Address}; B's secret {sameNode.Address} (node 1), {otherNode.Address} (node 2)");
        await TestContext.Out.WriteLineAsync($"nslookup secret from A's web: exit {lookup.ExitCode}\n{lookup.Stdout}{lookup.Stderr}");
        await TestContext.Out.WriteLineAsync($"connect to B's node-1 replica: exit {toSameNode.ExitCode} {toSameNode.Stderr.Trim()}; node-2 replica: exit {toOtherNode.ExitCode} {toOtherNode.Stderr.Trim()}");

        Assert.Multiple(() =>
        {
            Assert.That(byAddress, Is.EqualTo("answered by db\n"), "A's web reaches A's db at its overlay address");
            Assert.That(withinB, Is.EqualTo("answered by secret\n"), "B's replicas answer on B's overlay");
            Assert.That(lookup.Stdout, Does.Not.Contain(sameNode.Address).And.Not.Contain(otherNode.Address), "B's service name does not resolve to B's replicas in A");
            Assert.That(BodyOf(byName), Is.Null, "A's web cannot reach B's service by name");
            Assert.That(BodyOf(toSameNode), Is.Null, "A's web cannot connect to B's replica on its own node");
            Assert.That(BodyOf(toOtherNode), Is.Null, "A's web cannot connect to B's replica on the other node");
        });
    }
}
