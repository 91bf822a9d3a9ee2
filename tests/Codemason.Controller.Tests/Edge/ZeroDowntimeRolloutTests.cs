using Codemason.Proto.V1;
using Codemason.Testing;
using Codemason.Testing.Http;
using static Codemason.Controller.Tests.Edge.EdgeClient;

namespace Codemason.Controller.Tests.Edge;

/// <summary>
/// Rollouts of a routed service under a steady 200 requests/s through the edge, with the real controller, agent, edge
/// and engine (docs/edge.md, "Zero-downtime rollouts"): a new version replaces every replica without one failed
/// request, and a new version that never gets healthy leaves the old one serving, again without one failed request,
/// while the rollout is reported failed. "Without one failed request" allows the odd connection the busy machine's
/// test backends drop with no rollout at all (<see cref="SteadyLoad.Noise"/>: 2, or 0.2 %); a gap in service fails
/// hundreds. They count failed requests, so they run alone (category <c>Alone</c>,
/// scripts/run-tests.sh): on this shared two-core machine, the other suites running beside them made the test's own
/// backends (busybox httpd, one process per connection) drop connections with no rollout at all.
/// </summary>
[Category("Integration")]
[Category("Alone")]
[NonParallelizable]
public sealed class ZeroDowntimeRolloutTests : EdgeClusterTest
{
    private const string App = "rolling";
    private const string Host = "shop.example.com";

    /// <summary>Two web replicas answering "<paramref name="version"/> &lt;container&gt;"; a health check that passes, never does, or none.</summary>
    private static string MasonJson(string version, bool? healthy = true) => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": 2,
                    "ports": ["8080"],
                    "command": ["sh", "-c", "echo {{version}} $(hostname) > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    {{HealthCheck(healthy)}}
                    "domains": [{ "host": "{{Host}}", "https": false }],
                },
            ],
        }
        """;

    private static string HealthCheck(bool? healthy) => healthy switch
    {
        true => "\"healthcheck\": { \"test\": \"wget -q -O /dev/null http://127.0.0.1:8080/\", \"interval\": \"1s\", \"retries\": 2 },",
        false => "\"healthcheck\": { \"test\": \"false\", \"interval\": \"1s\", \"retries\": 2 },",
        null => "",
    };

    [TestCase(true, TestName = "NewVersion_WithAHealthCheck_UnderSteadyLoad_EveryReplicaReplaced_NoRequestFails")]
    [TestCase(null, TestName = "NewVersion_WithoutAHealthCheck_UnderSteadyLoad_EveryReplicaReplaced_NoRequestFails")]
    [CancelAfter(240_000)]
    public async Task NewVersion_UnderSteadyLoad_EveryReplicaReplaced_NoRequestFails(bool? healthCheck, CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(App, cancellationToken, "--Edge:DrainPeriod=00:00:03");
        await cluster.ApplyAsync(MasonJson("v1", healthCheck));
        using var http = Client();
        await ServedAsync(http, "v1", cancellationToken);

        // Its own client, patient with a shared, busy machine: a slow answer is not a failed one, an error is.
        using var loadClient = Client(TimeSpan.FromSeconds(30));
        await using var load = SteadyLoad.Start(loadClient, () => Request($"http://127.0.0.1:{Http}/", Host));
        await cluster.ApplyAsync(MasonJson("v2", healthCheck));
        await ServedAsync(http, "v2", cancellationToken);
        // Until the old containers have been drained and removed: the requests they still had must finish too.
        await Eventually.TrueAsync(async () => (await cluster.ContainersAsync(cancellationToken, runningOnly: false)).Count(c => c.Service == "web") == 2,
            TimeSpan.FromSeconds(60), "the two old web containers drained and removed", cancellationToken, TimeSpan.FromMilliseconds(250));
        await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        await load.StopAsync();
        await TestContext.Out.WriteLineAsync($"rollout under load: {load.Summary()}");

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Has.Count.LessThanOrEqualTo(load.Noise), () => $"no request failed by the rollout: {load.DescribeFailures()}");
            Assert.That(load.Served.Keys, Is.EquivalentTo(new[] { "v1", "v2" }), "the old version served, then the new one");
            Assert.That(load.Succeeded, Is.GreaterThan(600), "the load ran through the rollout (200/s)");
        });
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task NewVersionNeverHealthy_UnderSteadyLoad_OldKeepsServing_NoRequestFails_RolloutReportedFailed(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(App, cancellationToken, "--Edge:DrainPeriod=00:00:03");
        await cluster.ApplyAsync(MasonJson("v1"));
        using var http = Client();
        await ServedAsync(http, "v1", cancellationToken);

        // Its own client, patient with a shared, busy machine: a slow answer is not a failed one, an error is.
        using var loadClient = Client(TimeSpan.FromSeconds(30));
        await using var load = SteadyLoad.Start(loadClient, () => Request($"http://127.0.0.1:{Http}/", Host));
        await cluster.ApplyAsync(MasonJson("v2", healthy: false));
        await Eventually.TrueAsync(async () => (await cluster.ReplicasAsync()).Count(r => r.State == ReplicaState.Failed) == 2,
            TimeSpan.FromSeconds(90), "both web replicas report the failed rollout", cancellationToken, TimeSpan.FromMilliseconds(250));
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await load.StopAsync();
        await TestContext.Out.WriteLineAsync($"rollout under load: {load.Summary()}");
        var replicas = await cluster.ReplicasAsync();

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Has.Count.LessThanOrEqualTo(load.Noise), () => $"no request failed by the failed rollout: {load.DescribeFailures()}");
            Assert.That(load.Served.Keys, Is.EqualTo(new[] { "v1" }), "only the old version served");
            Assert.That(replicas.Select(r => r.Message), Is.All.EqualTo("unhealthy; the previous container keeps serving"));
        });
    }

    /// <summary>Waits until 20 requests in a row are answered by <paramref name="version"/>.</summary>
    private async Task ServedAsync(HttpClient http, string version, CancellationToken cancellationToken) =>
        await Eventually.TrueAsync(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                if ((await GetAsync(http, $"http://127.0.0.1:{Http}/", Host, cancellationToken))?.StartsWith(version + " ", StringComparison.Ordinal) != true)
                {
                    return false;
                }
            }
            return true;
        }, TimeSpan.FromSeconds(120), $"{Host} answered by {version} only", cancellationToken, TimeSpan.FromMilliseconds(200));
}
