using System.Diagnostics;
using System.Net.Sockets;
using Codemason.Docker.Containers;

namespace Codemason.Cluster.Tests.Harness;

/// <summary>
/// The harness itself (scripts/cluster.sh through <see cref="EngineCluster"/>): real engines in their own
/// namespaces, reachable at their own addresses, and a teardown that leaves nothing behind.
/// </summary>
[Category("Integration")]
[Category("Cluster")]
[NonParallelizable]
public sealed class EngineClusterTests
{
    [SetUp]
    public void SkipWithoutPrerequisites()
    {
        if (EngineCluster.MissingPrerequisite() is { } missing)
        {
            Assert.Ignore(missing);
        }
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task StartAsync_ThreeNodes_EachEngineAnswersOnItsOwnSocketWithTheTestImageAndItsPublishedPortAtItsAddress(CancellationToken cancellationToken)
    {
        await using var cluster = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 3 }, cancellationToken);
        await TestContext.Out.WriteLineAsync($"up 3: {cluster.StartTime.TotalSeconds:0.0} s");
        var roots = new List<string?>();
        var answers = new List<string>();
        var runId = $"t{Guid.NewGuid():N}"[..12];
        foreach (var node in cluster.Nodes)
        {
            await using var engine = node.CreateTestEngine(runId);
            roots.Add((await engine.Client.Engine.GetInfoAsync(cancellationToken)).DockerRootDir);
            await engine.Client.Images.InspectAsync(TestEngine.Image, cancellationToken);
            var created = await engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
            {
                Cmd = ["sh", "-c", $"echo {node.Name} > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                Labels = new Dictionary<string, string> { [TestEngine.TestLabel] = runId },
                Ports = [PortMapping.Publish(8080, 18080)],
            }, cancellationToken);
            await engine.Client.Containers.StartAsync(created.Id, cancellationToken);
            answers.Add(await GetAsync(new Uri($"http://{node.Address}:18080/"), cancellationToken));
        }

        Assert.Multiple(() =>
        {
            Assert.That(cluster.Nodes.Select(n => n.Address).Distinct().Count(), Is.EqualTo(3), "one address per node");
            Assert.That(cluster.Nodes.Select(n => n.Namespace).Distinct().Count(), Is.EqualTo(3), "one namespace per node");
            Assert.That(roots.Distinct().Count(), Is.EqualTo(3), "each engine has its own data root");
            Assert.That(answers, Is.EqualTo(cluster.Nodes.Select(n => n.Name + "\n")), "each node's published port answers at its own address, from its own container");
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task DisposeAsync_ContainersRunningAndOneEngineKilled_LeavesNoProcessMountNamespaceOrLink(CancellationToken cancellationToken)
    {
        var cluster = await EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 2 }, cancellationToken);
        var runId = $"t{Guid.NewGuid():N}"[..12];
        foreach (var node in cluster.Nodes)
        {
            using var client = node.CreateClient();
            var created = await client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
            {
                Cmd = ["sleep", "3607"],
                Labels = new Dictionary<string, string> { [TestEngine.TestLabel] = runId },
            }, cancellationToken);
            await client.Containers.StartAsync(created.Id, cancellationToken);
        }
        // A dockerd that died leaves its containerd, shims and containers behind: down must still find them all.
        var directory = Path.GetDirectoryName(cluster.Nodes[1].LogPath)!;
        Signals.Send(int.Parse(await File.ReadAllTextAsync(Path.Combine(directory, "dockerd.pid"), cancellationToken), System.Globalization.CultureInfo.InvariantCulture), "KILL");
        var stopwatch = Stopwatch.StartNew();

        await cluster.DisposeAsync();
        await TestContext.Out.WriteLineAsync($"down 2 (one engine killed): {stopwatch.Elapsed.TotalSeconds:0.0} s");

        var clusterDirectory = Path.GetDirectoryName(directory)!;
        Assert.Multiple(async () =>
        {
            Assert.That(await RunAsync("ip", "netns", "list"), Does.Not.Contain(cluster.Name + "-"), "namespaces");
            Assert.That(await RunAsync("ip", "-o", "link", "show"), Does.Not.Contain(cluster.Name + "-"), "links and the bridge");
            Assert.That(await RunAsync("findmnt", "-rn", "-o", "TARGET"), Does.Not.Contain(clusterDirectory), "mounts");
            Assert.That(await RunAsync("ps", "-eo", "args"), Does.Not.Contain(clusterDirectory), "dockerd, containerd and shims");
            Assert.That(await RunAsync("ps", "-eo", "args"), Does.Not.Contain("sleep 3607"), "the containers' processes");
            Assert.That(Directory.Exists(clusterDirectory), Is.False, "the state directory");
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task StartAsync_TwoClustersAtOnce_EachOnItsOwnSubnetAndNoTrafficBetweenThem(CancellationToken cancellationToken)
    {
        var starting = new[]
        {
            EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 1 }, cancellationToken),
            EngineCluster.StartAsync(new EngineClusterOptions { Nodes = 1 }, cancellationToken),
        };
        try
        {
            await Task.WhenAll(starting);
            var (first, second) = (starting[0].Result, starting[1].Result);
            var node = first.Nodes[0];
            await using (var engine = node.CreateTestEngine($"t{Guid.NewGuid():N}"[..12]))
            {
                var created = await engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
                {
                    Cmd = ["sh", "-c", "echo first > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    Labels = new Dictionary<string, string> { [TestEngine.TestLabel] = engine.RunId },
                    Ports = [PortMapping.Publish(8080, 18080)],
                }, cancellationToken);
                await engine.Client.Containers.StartAsync(created.Id, cancellationToken);
                var fromHost = await GetAsync(new Uri($"http://{node.Address}:18080/"), cancellationToken);
                var fromOtherCluster = await ExitCodeAsync("ip", "netns", "exec", second.Nodes[0].Namespace,
                    "curl", "-s", "--max-time", "2", $"http://{node.Address}:18080/");

                Assert.Multiple(() =>
                {
                    Assert.That(second.Gateway, Is.Not.EqualTo(first.Gateway), "each cluster has its own subnet");
                    Assert.That(second.Name, Is.Not.EqualTo(first.Name));
                    Assert.That(fromHost, Is.EqualTo("first\n"), "the host side reaches the first cluster's node");
                    Assert.That(fromOtherCluster, Is.Not.Zero, "the second cluster's node does not reach the first cluster's");
                });
            }
        }
        finally
        {
            // A start that failed removed what it had made; one that succeeded is removed here.
            foreach (var start in starting)
            {
                await ((Task)start).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                if (start.IsCompletedSuccessfully)
                {
                    await start.Result.DisposeAsync();
                }
            }
        }
    }

    private static async Task<string> GetAsync(Uri address, CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        string? body = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                body = await client.GetStringAsync(address, cancellationToken);
                return true;
            }
            catch (Exception ex) when (ex is HttpRequestException or SocketException or TaskCanceledException)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(20), $"GET {address} answers", cancellationToken, TimeSpan.FromMilliseconds(200));
        return body!;
    }

    private static async Task<int> ExitCodeAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false })!;
        await process.StandardOutput.ReadToEndAsync();
        await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task<string> RunAsync(string program, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(program, arguments) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }
}
