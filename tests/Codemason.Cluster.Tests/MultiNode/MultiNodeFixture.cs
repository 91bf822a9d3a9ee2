using Codemason.Docker.Errors;
using Codemason.Docker.Exec;
using NUnit.Framework.Interfaces;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// What the multi-node test classes share: one harness of <see cref="Nodes"/> real engines per class (started once,
/// removed after its last test), and per test a real controller with agents on those nodes (<see cref="Cluster"/>),
/// whose processes, containers and overlay devices are removed after the test; on failure the controller's and
/// agents' output and the tail of each dockerd's log are printed.
/// </summary>
[Category("Integration")]
[Category("Cluster")]
[NonParallelizable]
public abstract class MultiNodeFixture(int nodes)
{
    private EngineCluster? _harness;

    /// <summary>How many harness nodes the class's tests use.</summary>
    protected int Nodes { get; } = nodes;

    /// <summary>The class's harness.</summary>
    protected EngineCluster Harness => _harness ?? throw new InvalidOperationException("the harness is not started");

    /// <summary>When set, each harness engine's data root is its own file system of this size (<see cref="EngineClusterOptions.DataRootSize"/>).</summary>
    protected virtual string? DataRootSize => null;

    /// <summary>The test's cluster, removed after it.</summary>
    protected ProcessCluster? Cluster { get; private set; }

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
        _harness = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = Nodes, DataRootSize = DataRootSize }, timeout.Token);
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
        if (Cluster is null)
        {
            return;
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await Cluster.DescribeAsync());
            foreach (var node in Harness.Nodes.Where(n => File.Exists(n.LogPath)))
            {
                var log = await File.ReadAllLinesAsync(node.LogPath);
                await TestContext.Out.WriteLineAsync($"--- dockerd of {node.Name} ({node.LogPath}), last lines\n{string.Join('\n', log.TakeLast(20))}");
            }
        }
        await Cluster.DisposeAsync();
        Cluster = null;
        ForgetRegistryTrust();
    }

    /// <summary>
    /// Removes the trust agents wrote for registries on the harness nodes (<c>/etc/docker/certs.d/&lt;node&gt;:&lt;port&gt;</c>):
    /// the nodes' engines read the host's certs.d, so agents there write the real one.
    /// </summary>
    private void ForgetRegistryTrust()
    {
        const string certificates = "/etc/docker/certs.d";
        if (!Directory.Exists(certificates))
        {
            return;
        }
        foreach (var node in Harness.Nodes)
        {
            foreach (var directory in Directory.GetDirectories(certificates, $"{node.Address}:*"))
            {
                Directory.Delete(directory, recursive: true);
            }
        }
    }

    /// <summary>
    /// A controller (heartbeat every second, so a dead node is Down within seconds) and <paramref name="agents"/>
    /// agents a, b, … on harness nodes 1, 2, …, with the labels <paramref name="nodeLabels"/> gives each, and the
    /// controller options <paramref name="controllerArguments"/>.
    /// </summary>
    protected async Task<ProcessCluster> StartClusterAsync(string app, int agents, CancellationToken cancellationToken,
        Func<string, string?>? nodeLabels = null, IReadOnlyList<string>? controllerArguments = null) =>
        Cluster = await ProcessCluster.StartAsync(agents, new ClusterOptions(app)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            Network = Harness,
            NodeLabels = nodeLabels,
            ControllerArguments = controllerArguments ?? [],
        }, cancellationToken);

    /// <summary>
    /// The running container of <paramref name="service"/> (its only replica, or the first found) and the engine it
    /// runs on; engines that do not answer (a stopped node's) are skipped.
    /// </summary>
    protected static async Task<(TestEngine Engine, string ContainerId)> ContainerOfAsync(ProcessCluster cluster, string service, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        foreach (var engine in cluster.Engines)
        {
            IReadOnlyList<ManagedContainer> containers;
            try
            {
                containers = await ProcessCluster.ContainersAsync(engine, cancellationToken);
            }
            catch (DockerEngineUnavailableException)
            {
                // The engine of a stopped node.
                continue;
            }
            if (containers.FirstOrDefault(c => c.Service == service) is { } container)
            {
                return (engine, container.Id);
            }
        }
        throw new InvalidOperationException($"no running container of {service} on the cluster's engines");
    }

    /// <summary>The placement of a db on the nodes labelled role=db.</summary>
    protected const string OnDbNodes = """{ "constraints": ["node.labels.role == db"] }""";

    /// <summary>
    /// App <paramref name="app"/>: web on a role=web node linking db (<paramref name="link"/>), and db with
    /// <paramref name="dbPlacement"/> and <paramref name="dbScale"/>, serving what <paramref name="dbIndex"/> prints
    /// on port 8080.
    /// </summary>
    protected static string WebAndDb(string app, string dbIndex, string dbPlacement = OnDbNodes, int dbScale = 1, string link = "db") => $$"""
        {
            "name": "{{app}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "command": ["sh", "-c", "exec sleep 3600"],
                    "links": ["{{link}}"],
                    "placement": { "constraints": ["node.labels.role == web"] },
                },
                {
                    "name": "db",
                    "image": "{{TestEngine.Image}}",
                    "scale": {{dbScale}},
                    "command": ["sh", "-c", "{{dbIndex}} > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": {{dbPlacement}},
                },
            ],
        }
        """;

    /// <summary>
    /// An HTTP GET of <paramref name="host"/>:8080 with busybox nc, giving up after <paramref name="seconds"/> without
    /// progress (busybox wget crashes with a timeout here).
    /// </summary>
    protected static ExecRequest Get(string host, int seconds = 2) =>
        new(["sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w {seconds} {host} 8080"]);

    /// <summary>The body of an HTTP response (after the blank line), or null when there was no response.</summary>
    protected static string? BodyOf(ExecResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        var end = result.Stdout.IndexOf("\r\n\r\n", StringComparison.Ordinal);
        return result.Stdout.StartsWith("HTTP/", StringComparison.Ordinal) && end >= 0 ? result.Stdout[(end + 4)..] : null;
    }
}
