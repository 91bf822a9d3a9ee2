using System.Net;
using Codemason.Proto.V1;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// The edge proxy across servers (docs/edge.md): three harness nodes, each running its environment's edge on port 80
/// of its own address; web's replicas run on nodes 2 and 3 only. A request to any node's edge reaches both replicas
/// over the overlay, and when node 3 dies the other edges keep serving from the replica left.
/// </summary>
public sealed class EdgeAcrossNodesTests() : MultiNodeFixture(nodes: 3)
{
    private const string App = "routed";

    /// <summary>Web's two replicas, on nodes 2 and 3, answering "<paramref name="version"/> on &lt;container&gt;" for shop.example.com.</summary>
    internal static string MasonJson(string version = "web") => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": 2,
                    "ports": ["8080"],
                    "command": ["sh", "-c", "echo {{version}} on $(hostname) > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": { "maxPerNode": 1, "constraints": ["node.labels.role == web"] },
                    "domains": [{ "host": "shop.example.com", "https": false }],
                },
            ],
        }
        """;

    [Test]
    [CancelAfter(300_000)]
    public async Task Domain_EveryNodesEdgeReachesReplicasOnOtherNodes_AndTheOthersKeepServingWhenANodeDies(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, 3, cancellationToken, name => name == "a" ? "role=front" : "role=web",
            ["--Edge:Image=local/edge:latest"]);
        await cluster.ApplyAsync(MasonJson());
        // Not ConvergedAsync: the edges are containers of the run too.
        await Eventually.TrueAsync(async () => (await cluster.ReplicasAsync()).Count(r => r.State == ReplicaState.Running) == 2,
            TimeSpan.FromSeconds(120), "web's 2 replicas running on nodes 2 and 3", cancellationToken);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };

        foreach (var node in Harness.Nodes)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await Eventually.TrueAsync(async () =>
            {
                if (await GetAsync(http, node.Address, cancellationToken) is { } body)
                {
                    seen.Add(body.Trim());
                }
                return seen.Count == 2;
            }, TimeSpan.FromSeconds(90), $"the edge on {node.Name} answered by both web replicas", cancellationToken, TimeSpan.FromMilliseconds(100));
            Assert.That(seen, Has.Count.EqualTo(2), $"the edge on {node.Name} reaches both web replicas");
        }

        await Harness.StopNodeAsync(Harness.Nodes[2], cancellationToken);

        // Until the controller sees node 3 Down, its replica is still in the routes: the edges' passive health check
        // avoids it after a failed connect. Afterwards every request of a burst is served, from node 2's replica.
        await Eventually.TrueAsync(async () => (await cluster.Client.ListRoutesAsync(cluster.Environment)).Routes.Single().Replicas.Count == 1,
            TimeSpan.FromSeconds(60), "the route lists the one replica left", cancellationToken);
        foreach (var node in Harness.Nodes.Take(2))
        {
            var served = 0;
            await Eventually.TrueAsync(async () =>
            {
                for (served = 0; served < 10; served++)
                {
                    if (await GetAsync(http, node.Address, cancellationToken) is null)
                    {
                        return false;
                    }
                }
                return true;
            }, TimeSpan.FromSeconds(60), $"the edge on {node.Name} serves 10 requests in a row with node 3 gone", cancellationToken, TimeSpan.FromMilliseconds(200));
            Assert.That(served, Is.EqualTo(10), $"the edge on {node.Name} served 10 requests in a row with node 3 gone");
        }
    }

    /// <summary>The body of a 200 from the edge at <paramref name="address"/>:80 for shop.example.com; null for anything else.</summary>
    internal static async Task<string?> GetAsync(HttpClient http, IPAddress address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, $"http://{address}:80/");
        request.Headers.Host = "shop.example.com";
        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
