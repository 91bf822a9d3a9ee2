using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Reconcile;

/// <summary>
/// Placement rules from mason.json with real processes on the real engine: a controller and two agents started with
/// <c>--labels</c>, replicas running in real containers where the rules allow and waiting, explained, where not.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PlacementProcessTests : ProcessClusterTest
{
    private const string App = "placed";

    private static string MasonJson() => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "db",
                    "image": "{{TestEngine.Image}}",
                    "scale": 2,
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                    "placement": { "constraints": ["node.labels.disk == ssd"] },
                },
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": 3,
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                    "placement": { "maxPerNode": 1 },
                },
            ],
        }
        """;

    [Test]
    [CancelAfter(180_000)]
    public async Task ConstraintsAndMaxPerNode_TwoLabelledAgents_ReplicasRunWhereTheRulesAllowAndTheRestWaitExplained(CancellationToken cancellationToken)
    {
        var cluster = Cluster = await ProcessCluster.StartAsync(2, new ClusterOptions(App)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            NodeLabels = name => name == "a" ? "disk=ssd,zone=eu" : "disk=hdd,zone=eu",
        }, cancellationToken);
        var ssd = cluster.Agents[0].Settings.NodeName;
        var hdd = cluster.Agents[1].Settings.NodeName;

        var applied = await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(
            async () => (await cluster.ContainersAsync(cancellationToken)).Count == 4,
            TimeSpan.FromSeconds(90), "4 replicas running (db#1, db#2 and two of web)", cancellationToken);
        var containers = await cluster.ContainersAsync(cancellationToken);
        var replicas = await cluster.ReplicasAsync();
        var waiting = replicas.Where(r => r.NodeId.Length == 0).ToList();
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(applied.App.Revision, Is.EqualTo(1UL), "the apply succeeds although one replica cannot be placed");
            Assert.That(containers.Where(c => c.Service == "db").Select(c => c.Node), Is.EqualTo(new[] { ssd, ssd }), "db runs only on the ssd node");
            Assert.That(containers.Where(c => c.Service == "web").Select(c => c.Node).Order(), Is.EqualTo(new[] { ssd, hdd }.Order()), "one web on each node");
            Assert.That(nodes.Single(n => n.Hostname == ssd).Labels["disk"], Is.EqualTo("ssd"), "the agent's --labels reach the node");
            Assert.That(waiting.Select(r => r.Service), Is.EqualTo(new[] { "web" }), "the third web waits");
            Assert.That(waiting.Single().State, Is.EqualTo(ReplicaState.Pending));
            Assert.That(waiting.Single().Explanation, Does.Contain("2 nodes"), "the explanation says on how many nodes it failed");
        });
        await TestContext.Out.WriteLineAsync($"waiting web replica: {waiting.Single().Explanation}");
    }
}
