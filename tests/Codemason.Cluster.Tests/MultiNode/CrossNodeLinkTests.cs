using System.Diagnostics;
using Codemason.Docker.Exec;
using Codemason.Proto.V1;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// Links across servers (docs/networking.md): a real controller and one real agent per harness node, each on its
/// own engine. web reaches db on another node by its service name and by its link alias, over the environment's
/// overlay, answered by the agent's DNS on the gateway; new connections spread over every replica of a service
/// that runs on several nodes; a link to a service with no running replica is refused at once (its name resolves to
/// the gateway, which refuses every connection but DNS); a new version of a service replaces its container at the
/// same address.
/// </summary>
public sealed class CrossNodeLinkTests() : MultiNodeFixture(nodes: 3)
{
    private const string App = "linked";

    /// <summary>web on node 1 (role=web), linking db as database; db where <paramref name="dbPlacement"/> puts it, serving <paramref name="dbIndex"/>.</summary>
    private static string MasonJson(string dbPlacement, string dbIndex = "echo answered by db", int dbScale = 1) =>
        WebAndDb(App, dbIndex, dbPlacement, dbScale, link: "db:database");

    [Test]
    [CancelAfter(180_000)]
    public async Task Link_WebOnNode1_ReachesDbOnNode2ByServiceNameAndByAlias(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 2, cancellationToken, name => name == "a" ? "role=web" : "role=db");

        await cluster.ApplyAsync(MasonJson(OnDbNodes));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "web and db running where their constraints put them", cancellationToken);
        var (node1, web) = await ContainerOfAsync(cluster, "web", cancellationToken);

        ExecResult? byName = null;
        ExecResult? byAlias = null;
        await Eventually.TrueAsync(async () =>
        {
            byName = await node1.Client.Containers.ExecAsync(web, Get("db"), cancellationToken);
            byAlias = await node1.Client.Containers.ExecAsync(web, Get("database"), cancellationToken);
            return byName.Stdout.Contains("answered by db", StringComparison.Ordinal) && byAlias.Stdout.Contains("answered by db", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "web reaches db across nodes by name and alias", cancellationToken, TimeSpan.FromMilliseconds(500));

        Assert.Multiple(() =>
        {
            Assert.That(node1.DockerHost, Is.EqualTo(Harness.Nodes[0].DockerHost), "web runs on node 1");
            Assert.That(byName!.Stdout, Does.EndWith("\r\n\r\nanswered by db\n"));
            Assert.That(byAlias!.Stdout, Does.EndWith("\r\n\r\nanswered by db\n"));
        });
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Link_DbScaledToThreeAcrossNodes_ConnectionsSpreadOverAllReplicas(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 3, cancellationToken, name => name == "a" ? "role=web" : "role=db");

        await cluster.ApplyAsync(MasonJson("""{ "maxPerNode": 1 }""", dbIndex: "hostname", dbScale: 3));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(4, cancellationToken), TimeSpan.FromSeconds(120),
            "web and 3 db replicas running, one db on each node", cancellationToken);
        var dbNodes = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Service == "db").Select(c => c.Node).Distinct().Count();
        var (engine, web) = await ContainerOfAsync(cluster, "web", cancellationToken);

        // Each GET is a new lookup and a new connection; the agent's DNS answers every replica, first one rotated.
        var answers = new List<string>();
        try
        {
            await Eventually.TrueAsync(async () =>
            {
                var body = BodyOf(await engine.Client.Containers.ExecAsync(web, Get("db"), cancellationToken));
                answers.Add(body?.Trim() ?? "(no answer)");
                return answers.TakeLast(6).Where(a => a.StartsWith("db-", StringComparison.Ordinal)).Distinct().Count() == 3;
            }, TimeSpan.FromSeconds(60), "6 GETs in a row of db from web answered by all 3 replicas", cancellationToken, TimeSpan.FromMilliseconds(200));
        }
        finally
        {
            await TestContext.Out.WriteLineAsync($"GETs of db from web, answered by: {string.Join(", ", answers)}");
            var replicas = (await cluster.ReplicasAsync()).Where(r => r.Service == "db").Select(r => $"{r.Service}-{r.Index} {r.Address}");
            await TestContext.Out.WriteLineAsync($"db's replicas: {string.Join(", ", replicas)}");
            for (var i = 0; i < 3; i++)
            {
                var lookup = await engine.Client.Containers.ExecAsync(web, new ExecRequest(["nslookup", "db"]), cancellationToken);
                await TestContext.Out.WriteLineAsync($"nslookup db from web:\n{lookup.Stdout}{lookup.Stderr}");
            }
        }

        var last = answers.TakeLast(6).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(dbNodes, Is.EqualTo(3), "the 3 db replicas run on 3 nodes");
            Assert.That(last.Distinct(), Is.EquivalentTo(new[] { "db-1", "db-2", "db-3" }), "new connections reach every replica");
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Link_ServiceWithoutRunningReplica_ConnectionRefusedAtOnce(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 2, cancellationToken, name => name == "a" ? "role=web" : "role=db");

        // No node is labelled role=nowhere: db stays pending, with no running replica anywhere.
        await cluster.ApplyAsync(MasonJson("""{ "constraints": ["node.labels.role == nowhere"] }"""));
        await Eventually.TrueAsync(async () => (await cluster.ReplicasAsync()).Any(r => r.Service == "web" && r.State == ReplicaState.Running),
            TimeSpan.FromSeconds(90), "web running", cancellationToken);
        var (engine, web) = await ContainerOfAsync(cluster, "web", cancellationToken);
        // The name exists in the overlay's DNS only once the agent serves the app: until then, a miss goes upstream.
        await Eventually.TrueAsync(async () =>
            (await engine.Client.Containers.ExecAsync(web, new ExecRequest(["nslookup", "web"]), cancellationToken)).ExitCode == 0,
            TimeSpan.FromSeconds(30), "web's own name resolves in its app", cancellationToken, TimeSpan.FromMilliseconds(500));

        // nc gives up only after 10 s: an attempt that ends sooner ended on its own answer, not on nc's timer.
        var results = new List<(string Host, ExecResult Result, TimeSpan Elapsed)>();
        foreach (var host in new[] { "db", "database" })
        {
            var stopwatch = Stopwatch.StartNew();
            var result = await engine.Client.Containers.ExecAsync(web, Get(host, seconds: 10), cancellationToken);
            results.Add((host, result, stopwatch.Elapsed));
            await TestContext.Out.WriteLineAsync($"GET {host} with no db running: exit {result.ExitCode} after {stopwatch.Elapsed.TotalSeconds:0.00} s ({result.Stderr.Trim()})");
        }

        Assert.Multiple(() =>
        {
            foreach (var (host, result, _) in results)
            {
                Assert.That(result.ExitCode, Is.Not.Zero, $"GET {host} fails");
                Assert.That(BodyOf(result), Is.Null, $"GET {host} has no answer");
                Assert.That(result.Stderr, Does.Contain("Connection refused"), $"GET {host} is refused at once, not left to nc's 10 s timeout");
            }
        });
    }

    /// <summary>
    /// A new version of db (another command, so another spec) replaces its container at the same overlay address: the
    /// old one stops first, since two containers cannot hold one address, and web reaches the new one by name. Once
    /// running, the replicas stay put: the agent sees each at its address and does not replace it again.
    /// </summary>
    [Test]
    [CancelAfter(240_000)]
    public async Task Redeploy_DbChanged_ReplacedAtItsAddressAndReachedAgain(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 2, cancellationToken, name => name == "a" ? "role=web" : "role=db");
        await cluster.ApplyAsync(MasonJson(OnDbNodes));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "web and db running where their constraints put them", cancellationToken);
        var before = (await cluster.ReplicasAsync()).Single(r => r.Service == "db");
        var (engine, web) = await ContainerOfAsync(cluster, "web", cancellationToken);

        await cluster.ApplyAsync(MasonJson(OnDbNodes, dbIndex: "echo answered by db v2"));
        await Eventually.TrueAsync(async () => BodyOf(await engine.Client.Containers.ExecAsync(web, Get("db"), cancellationToken)) == "answered by db v2\n",
            TimeSpan.FromSeconds(60), "web reaches the new db by name", cancellationToken, TimeSpan.FromMilliseconds(500));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(30), "converged again", cancellationToken);
        var after = (await cluster.ReplicasAsync()).Single(r => r.Service == "db");
        var containers = (await cluster.ContainersAsync(cancellationToken)).Select(c => c.Id).Order().ToList();
        await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
        var later = (await cluster.ContainersAsync(cancellationToken)).Select(c => c.Id).Order().ToList();

        Assert.Multiple(() =>
        {
            Assert.That(after.ContainerId, Is.Not.EqualTo(before.ContainerId), "db's container was replaced");
            Assert.That(after.Address, Is.EqualTo(before.Address).And.Not.Empty, "at the same overlay address");
            Assert.That(later, Is.EqualTo(containers), "no container replaced again once running at its address");
        });
    }
}
