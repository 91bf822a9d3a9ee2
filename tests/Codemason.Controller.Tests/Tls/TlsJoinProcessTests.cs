using Codemason.Testing;

namespace Codemason.Controller.Tests.Tls;

/// <summary>
/// A real controller forced to TLS on 127.0.0.1 and real agents on the real engine: an agent that pins the
/// controller's CA joins and runs replicas; one pinned to another CA never joins and says why.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TlsJoinProcessTests
{
    private const string App = "tlsjoin";

    private static readonly ClusterOptions Options = new(App)
    {
        Tls = true,
        HeartbeatPeriod = TimeSpan.FromSeconds(1),
        StoppedContainersAllowed = true,
    };

    private ProcessCluster? _cluster;

    [SetUp]
    public async Task SetUp()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        if (await ProcessCluster.MissingPrerequisiteAsync(timeout.Token) is { } missing)
        {
            Assert.Ignore(missing);
        }
    }

    [TearDown]
    public async Task TearDown()
    {
        if (_cluster is null)
        {
            return;
        }
        if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
        {
            await TestContext.Out.WriteLineAsync(await _cluster.DescribeAsync());
        }
        await _cluster.DisposeAsync();
        _cluster = null;
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Join_AgentPinsTheControllersCa_NodeJoinsAndRunsReplicas(CancellationToken cancellationToken)
    {
        _cluster = await ProcessCluster.StartAsync(1, Options, cancellationToken);
        var cluster = _cluster;

        await cluster.ApplyAsync(ProcessCluster.MasonJson(App, scale: 1));
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(2, cancellationToken), TimeSpan.FromSeconds(60), "2 replicas running over TLS", cancellationToken);

        var agent = cluster.Agents.Single();
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Address.Scheme, Is.EqualTo("https"));
            Assert.That(agent.Settings.CaFingerprint, Is.EqualTo(cluster.Controller.CaFingerprint).And.Not.Null);
            Assert.That(agent.Log, Does.Contain($"TLS pinned to CA {cluster.Controller.CaFingerprint}"));
            Assert.That(agent.Log, Does.Not.Contain("does not match the pinned CA fingerprint"));
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Join_AgentPinsAnotherCa_NeverJoinsAndLogsTheRefusal(CancellationToken cancellationToken)
    {
        _cluster = await ProcessCluster.StartAsync(0, Options, cancellationToken);
        var cluster = _cluster;
        var wrong = "sha256:" + new string('0', 64);

        var agent = cluster.StartAgent("a", caFingerprint: wrong);

        // Two refusals: the agent keeps retrying with backoff rather than giving up or falling back.
        await Eventually.TrueAsync(
            () => Task.FromResult(CountOf(agent.Log, $"the controller's certificate does not match the pinned CA fingerprint {wrong}; refusing to connect") >= 2),
            TimeSpan.FromSeconds(60), "the agent refused the controller twice", cancellationToken);
        var nodes = await cluster.NodesAsync();
        Assert.Multiple(() =>
        {
            Assert.That(nodes, Is.Empty);
            Assert.That(agent.HasExited, Is.False);
            Assert.That(agent.Log, Does.Not.Contain("connected to"));
            Assert.That(cluster.Controller.Output, Does.Not.Contain(cluster.JoinToken));
        });
    }

    private static int CountOf(string text, string part)
    {
        var count = 0;
        for (var at = text.IndexOf(part, StringComparison.Ordinal); at >= 0; at = text.IndexOf(part, at + part.Length, StringComparison.Ordinal))
        {
            count++;
        }
        return count;
    }
}
