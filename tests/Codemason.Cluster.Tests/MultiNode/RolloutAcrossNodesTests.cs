using Codemason.Proto.V1;
using Codemason.Testing.Http;
using static Codemason.Cluster.Tests.MultiNode.EdgeAcrossNodesTests;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// A rollout of a routed service across servers (docs/edge.md, "Zero-downtime rollouts"): web's replicas run on nodes 2
/// and 3 and a new version rolls out under a steady 200 requests/s through node 1's edge without one failed request.
/// Each new container starts at its replica's second overlay address beside the old one, which keeps serving until the
/// new one does and is drained (the default 10 s) before it goes. It counts failed requests (allowing
/// <see cref="SteadyLoad.Noise"/>, the odd connection the busy machine's backends drop), so it runs alone (category
/// <c>Alone</c>).
/// </summary>
[Category("Alone")]
public sealed class RolloutAcrossNodesTests() : MultiNodeFixture(nodes: 3)
{
    private const string App = "routed";

    [Test]
    [CancelAfter(300_000)]
    public async Task NewVersion_UnderSteadyLoadThroughAnotherNodesEdge_StartsAtTheSecondAddresses_NoRequestFails(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 3, cancellationToken, name => name == "a" ? "role=front" : "role=web",
            ["--Edge:Image=local/edge:latest"]);
        await cluster.ApplyAsync(MasonJson("v1"));
        var front = Harness.Nodes[0].Address;
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        await Eventually.TrueAsync(async () => (await GetAsync(http, front, cancellationToken))?.StartsWith("v1 ", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(120), "v1 served through node 1's edge", cancellationToken, TimeSpan.FromMilliseconds(200));
        var before = (await cluster.ReplicasAsync()).ToDictionary(r => r.Id, r => r.Address);

        using var loadClient = new HttpClient { Timeout = TimeSpan.FromSeconds(30) };
        await using var load = SteadyLoad.Start(loadClient, () =>
        {
            var request = new HttpRequestMessage(HttpMethod.Get, $"http://{front}:80/");
            request.Headers.Host = "shop.example.com";
            return request;
        });
        await cluster.ApplyAsync(MasonJson("v2"));
        await Eventually.TrueAsync(async () =>
        {
            var replicas = await cluster.ReplicasAsync();
            return replicas.All(r => r.State == ReplicaState.Running && r.Message.Length == 0 && r.Address != before[r.Id]);
        }, TimeSpan.FromSeconds(120), "both replicas run v2 at their second addresses, the old containers drained", cancellationToken, TimeSpan.FromMilliseconds(250));
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
        await load.StopAsync();
        await TestContext.Out.WriteLineAsync($"rollout under load: {load.Summary()}");

        Assert.Multiple(() =>
        {
            Assert.That(load.Failures, Has.Count.LessThanOrEqualTo(load.Noise), () => $"no request failed by the rollout: {load.DescribeFailures()}");
            Assert.That(load.Served.Keys, Is.EquivalentTo(new[] { "v1", "v2" }), "the old version served, then the new one");
            Assert.That(load.Succeeded, Is.GreaterThan(600), "the load ran through the rollout (200/s)");
        });
    }
}
