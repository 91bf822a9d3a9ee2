using System.Net.Sockets;
using Codemason.Docker.Containers;

namespace Codemason.Cluster.Tests.MultiNode;

/// <summary>
/// A real controller in this machine's namespace, listening on the harness bridge, and one real agent per harness
/// node, inside that node's namespace, talking to that node's engine: what the scheduler spreads over nodes lands on
/// different engines, and what a replica publishes answers at its node's address.
/// </summary>
public sealed class MultiNodeDeployTests() : MultiNodeFixture(nodes: 3)
{
    private const string App = "spread";
    private const int HostPort = 18080;

    /// <summary>Three replicas, at most one per node, each serving its host name (<c>web-1</c>, …) on a published port.</summary>
    private static string MasonJson() => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": 3,
                    "ports": ["{{HostPort}}:8080"],
                    "command": ["sh", "-c", "hostname > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": { "maxPerNode": 1 },
                },
            ],
        }
        """;

    [Test]
    [CancelAfter(180_000)]
    public async Task Apply_ThreeReplicasMaxPerNodeOne_EachNodeEngineRunsExactlyOne(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, Nodes, cancellationToken);

        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(3, cancellationToken), TimeSpan.FromSeconds(90),
            "3 replicas running, each where the controller placed it", cancellationToken);

        // Agent a runs in node 1 on its engine, b in node 2, c in node 3.
        var perNode = new List<IReadOnlyList<ManagedContainer>>();
        foreach (var node in Harness.Nodes)
        {
            perNode.Add(await ProcessCluster.ContainersAsync(cluster.Engines.Single(e => e.DockerHost == node.DockerHost), cancellationToken));
        }
        Assert.Multiple(() =>
        {
            Assert.That(cluster.Engines.Select(e => e.DockerHost), Is.EquivalentTo(Harness.Nodes.Select(n => n.DockerHost)), "one engine per harness node, and no other");
            Assert.That(perNode.Select(containers => containers.Count), Is.EqualTo(new[] { 1, 1, 1 }), "each node's engine runs exactly one replica");
            Assert.That(perNode.SelectMany(containers => containers.Select(c => c.ReplicaId)).Distinct().Count(), Is.EqualTo(3), "three different replicas");
            Assert.That(perNode.Select(containers => containers.Count > 0 ? containers[0].Node : null), Is.EqualTo(cluster.Agents.Select(a => a.Settings.NodeName)),
                "each container was made by the agent of its node");
        });
    }

    [Test]
    [CancelAfter(180_000)]
    public async Task Apply_PublishedPort_AnswersAtEachNodeAddressFromThatNodesReplica(CancellationToken cancellationToken)
    {
        var cluster = await StartClusterAsync(App, Nodes, cancellationToken);

        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(3, cancellationToken), TimeSpan.FromSeconds(90),
            "3 replicas running, each where the controller placed it", cancellationToken);

        var expected = new List<string>();
        var answers = new List<string>();
        foreach (var node in Harness.Nodes)
        {
            await using var engine = node.CreateTestEngine(cluster.Engine.RunId);
            var container = (await engine.Client.Containers.ListAsync(new ContainerListOptions { Filters = engine.Filter() }, cancellationToken)).Single();
            expected.Add($"{container.Labels!["codemason.service"]}-{container.Labels["codemason.replica"]}\n");
            answers.Add(await GetAsync(new Uri($"http://{node.Address}:{HostPort}/"), cancellationToken));
        }
        Assert.That(answers, Is.EqualTo(expected), "each node's address answers from the replica that node's engine runs");
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
}
