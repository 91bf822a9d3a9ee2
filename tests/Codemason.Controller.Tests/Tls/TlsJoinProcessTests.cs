using Codemason.Controller.Tests.Infrastructure;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Tls;

/// <summary>
/// A real controller forced to TLS on 127.0.0.1 and real agents on the real engine: an agent that pins the
/// controller's CA joins and runs replicas; one pinned to another CA never joins and says why.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class TlsJoinProcessTests : ProcessClusterTest
{
    private const string App = "tlsjoin";

    private static readonly ClusterOptions Options = new(App)
    {
        Tls = true,
        HeartbeatPeriod = TimeSpan.FromSeconds(1),
        StoppedContainersAllowed = true,
    };

    [Test]
    [CancelAfter(180_000)]
    public async Task Join_AgentPinsTheControllersCa_NodeJoinsAndRunsReplicas(CancellationToken cancellationToken)
    {
        Cluster = await ProcessCluster.StartAsync(1, Options, cancellationToken);
        var cluster = Cluster;

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
        Cluster = await ProcessCluster.StartAsync(0, Options, cancellationToken);
        var cluster = Cluster;
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
