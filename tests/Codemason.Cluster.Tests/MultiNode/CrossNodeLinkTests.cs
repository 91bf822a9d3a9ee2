using Codemason.Docker.Containers;
using Codemason.Docker.Exec;
using NUnit.Framework.Interfaces;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// Links across servers (docs/networking.md): a real controller and one real agent per harness node, each on its
/// own engine; web runs on node 1 and db on node 2, and web reaches db by its service name and by its link alias,
/// over the environment's overlay, answered by the agent's DNS on the gateway. A service without a running replica
/// (cache, scale 0) resolves to the gateway, which refuses the connection at once.
/// </summary>
[Category("Integration")]
[Category("Cluster")]
[NonParallelizable]
public sealed class CrossNodeLinkTests
{
    private const string App = "linked";
    private EngineCluster? _harness;
    private ProcessCluster? _cluster;

    private static string MasonJson(string answer = "answered by db") => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "command": ["sh", "-c", "exec sleep 3600"],
                    "links": ["db:database"],
                    "placement": { "constraints": ["node.labels.role == web"] },
                },
                {
                    "name": "db",
                    "image": "{{TestEngine.Image}}",
                    "command": ["sh", "-c", "echo {{answer}} > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": { "constraints": ["node.labels.role == db"] },
                },
                {
                    "name": "cache",
                    "image": "{{TestEngine.Image}}",
                    "scale": 0,
                    "command": ["sh", "-c", "exec httpd -f -p 6379 -h /tmp"],
                },
            ],
        }
        """;

    [OneTimeSetUp]
    public async Task StartHarness()
    {
        if (EngineCluster.MissingPrerequisite() is { } missing)
        {
            Assert.Ignore(missing);
        }
        if (!File.Exists(AgentProcess.BinaryPath))
        {
            Assert.Ignore($"needs the agent binary at {AgentProcess.BinaryPath} (dotnet build agent -c Release, or scripts/publish-native.sh agent)");
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        _harness = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 2 }, timeout.Token);
    }

    [OneTimeTearDown]
    public async Task RemoveHarness()
    {
        if (_harness is not null)
        {
            await _harness.DisposeAsync();
        }
    }

    [TearDown]
    public async Task DisposeCluster()
    {
        if (_cluster is null)
        {
            return;
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await _cluster.DescribeAsync());
        }
        await _cluster.DisposeAsync();
        _cluster = null;
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Link_WebOnNode1_ReachesDbOnNode2ByServiceNameAndByAliasAndIsRefusedByAServiceWithoutReplica(CancellationToken cancellationToken)
    {
        var cluster = _cluster = await ProcessCluster.StartAsync(2, new ClusterOptions(App)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            Network = _harness,
            NodeLabels = name => name == "a" ? "role=web" : "role=db",
        }, cancellationToken);

        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "web and db running where their constraints put them", cancellationToken);
        await using var node1 = _harness!.Nodes[0].CreateTestEngine(cluster.Engine.RunId);
        var web = (await node1.Client.Containers.ListAsync(new ContainerListOptions { Filters = node1.Filter() }, cancellationToken))
            .Single(c => c.Labels!["codemason.service"] == "web");

        ExecResult? byName = null;
        ExecResult? byAlias = null;
        await Eventually.TrueAsync(async () =>
        {
            byName = await node1.Client.Containers.ExecAsync(web.Id, Get("db"), cancellationToken);
            byAlias = await node1.Client.Containers.ExecAsync(web.Id, Get("database"), cancellationToken);
            return byName.Stdout.Contains("answered by db", StringComparison.Ordinal) && byAlias.Stdout.Contains("answered by db", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(30), "web reaches db across nodes by name and alias", cancellationToken, TimeSpan.FromMilliseconds(500));

        var started = System.Diagnostics.Stopwatch.StartNew();
        var noReplica = await node1.Client.Containers.ExecAsync(web.Id, new ExecRequest(["sh", "-c", "nc -w 10 cache 6379 </dev/null"]), cancellationToken);
        await TestContext.Out.WriteLineAsync($"a link to a service without a running replica failed after {started.Elapsed.TotalMilliseconds:0} ms: {noReplica.Stderr.Trim()}");

        Assert.Multiple(() =>
        {
            Assert.That(byName!.Stdout, Does.EndWith("\r\n\r\nanswered by db\n"));
            Assert.That(byAlias!.Stdout, Does.EndWith("\r\n\r\nanswered by db\n"));
            Assert.That(noReplica.ExitCode, Is.Not.Zero, "cache has no replica");
            Assert.That(noReplica.Stderr, Does.Contain("Connection refused"), "refused at once, not a hang until nc's 10 s timeout");
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
        var cluster = _cluster = await ProcessCluster.StartAsync(2, new ClusterOptions(App)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            Network = _harness,
            NodeLabels = name => name == "a" ? "role=web" : "role=db",
        }, cancellationToken);
        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(90),
            "web and db running where their constraints put them", cancellationToken);
        var before = (await cluster.ReplicasAsync()).Single(r => r.Service == "db");

        await cluster.ApplyAsync(MasonJson("answered by db v2"));
        await using var node1 = _harness!.Nodes[0].CreateTestEngine(cluster.Engine.RunId);
        await Eventually.TrueAsync(async () =>
        {
            var web = (await node1.Client.Containers.ListAsync(new ContainerListOptions { Filters = node1.Filter() }, cancellationToken))
                .SingleOrDefault(c => c.Labels!["codemason.service"] == "web");
            return web is not null
                && (await node1.Client.Containers.ExecAsync(web.Id, Get("db"), cancellationToken)).Stdout.EndsWith("\r\n\r\nanswered by db v2\n", StringComparison.Ordinal);
        }, TimeSpan.FromSeconds(60), "web reaches the new db by name", cancellationToken, TimeSpan.FromMilliseconds(500));
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

    /// <summary>An HTTP GET of <paramref name="host"/>:8080 with busybox nc (busybox wget crashes with a timeout here).</summary>
    private static ExecRequest Get(string host) =>
        new(["sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {host} 8080"]);
}
