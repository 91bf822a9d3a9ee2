using System.Diagnostics;
using System.Net;
using Codemason.Docker;
using Codemason.Docker.Exec;
using Codemason.Faults.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Faults.Tests.Network;

/// <summary>
/// A partition between nodes with real containers on both sides (the multi-node harness: an engine per node, the
/// replicas on the environment's overlay, names served by each agent's DNS on the gateway). Web runs on node 3 and
/// links db, whose 2 replicas are spread over nodes 1 and 2; node 1 is cut off from the controller and the other
/// nodes, its db replica moves to node 2 with the same address, and the partition heals. Afterwards web's DNS answer
/// for db lists only the addresses of running replicas, and each of them, and the name, answers from the container
/// the controller lists, not from the stale copy node 1 ran.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class PartitionLinkTests : FaultTest
{
    private static readonly TimeSpan Heartbeat = TimeSpan.FromSeconds(1);

    // db writes its own container id (from the bind mount of its /etc/hostname) into the page it serves, so an answer
    // says which copy of a replica gave it.
    private static string MasonJson() => $$"""
        {
            "name": "{{FaultCluster.App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                    "links": ["db"],
                    "placement": { "constraints": ["node.labels.role == web"] },
                },
                {
                    "name": "db",
                    "image": "{{TestEngine.Image}}",
                    "scale": 2,
                    "command": ["sh", "-c", "echo \"db $(grep -oE 'containers/[0-9a-f]{64}' /proc/self/mountinfo | head -n 1 | cut -d/ -f2)\" > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "placement": { "constraints": ["node.labels.role == db"] },
                },
            ],
        }
        """;

    [Test]
    [CancelAfter(300_000)]
    public async Task NodeCutOff_OnHealDbResolvesOnlyToRunningReplicasAndEachAnswers(CancellationToken cancellationToken)
    {
        Fault("partition between nodes with containers on both sides (harness, overlay): links after heal");
        Checks("web (node 3) reaches each db replica (nodes 1 and 2) by its address and by name before the partition",
            "node 1 cut off from the controller and the other nodes: its node Down, its db replica running on node 2 with the same address",
            "on heal node 1 is Ready with the same node id and its stale db container is removed; every replica runs exactly once",
            "afterwards web's DNS answer for db (nslookup inside web) lists exactly the addresses of the running db replicas",
            "a GET of each listed address, and of db by name, from web answers from the container the controller lists");
        var harness = await StartHarnessAsync(3, cancellationToken);
        var cluster = Cluster = await FaultCluster.StartAsync(3, Heartbeat, TimeSpan.FromSeconds(5), cancellationToken, harness,
            nodeLabels: name => name == "c" ? "role=web" : "role=db");
        await cluster.ApplyAsync(MasonJson());
        await Eventually.TrueAsync(() => cluster.ConvergedAsync(3, cancellationToken), TimeSpan.FromSeconds(90), "web and 2 db replicas running", cancellationToken);
        var (cutOff, survivor, webAgent) = (cluster.Agents[0], cluster.Agents[1], cluster.Agents[2]);
        var cutOffId = await cluster.NodeIdAsync(cutOff);
        var survivorId = await cluster.NodeIdAsync(survivor);
        var before = await DbReplicasAsync(cluster);
        Assert.That(before.Select(r => r.NodeId), Is.EquivalentTo(new[] { cutOffId, survivorId }), "db spread over nodes 1 and 2");
        var stale = (await cluster.ContainersAsync(cancellationToken)).Single(c => c.Node == cutOff.Settings.NodeName);
        using var webEngine = harness.NodeOf("c").CreateClient();
        var web = (await cluster.ContainersAsync(cancellationToken)).Single(c => c.Service == "web").Id;
        // Before the cut web talks to both replicas, so node 3's overlay has learned where the one on node 1 is.
        await Eventually.TrueAsync(() => LinksRightAsync(cluster, webEngine, web, cancellationToken), TimeSpan.FromSeconds(60),
            "web resolves db to both replicas and reaches each", cancellationToken, TimeSpan.FromMilliseconds(500));

        var clock = Stopwatch.StartNew();
        await harness.CutAsync(harness.NodeOf("a"), cancellationToken);
        var detected = await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Single(n => n.Id == cutOffId).Status == NodeStatus.Down,
            TimeSpan.FromSeconds(60), "the cut-off node Down", cancellationToken, TimeSpan.FromMilliseconds(100));
        Figure($"harness, links: partition → node Down: {detected.TotalSeconds:0.0} s (heartbeat {Heartbeat.TotalSeconds:0} s × 3)");
        await Eventually.TrueAsync(async () =>
            {
                var replicas = await DbReplicasAsync(cluster);
                var running = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == survivor.Settings.NodeName).ToDictionary(c => c.ReplicaId, c => c.Id);
                return replicas.Count == 2 && replicas.All(r => r.NodeId == survivorId && r.State == ReplicaState.Running && running.GetValueOrDefault(r.Id) == r.ContainerId);
            },
            TimeSpan.FromSeconds(60), "both db replicas running on node 2", cancellationToken, TimeSpan.FromMilliseconds(100));
        Figure($"harness, links: partition → the moved db replica running on node 2: {clock.Elapsed.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => ResolvesToRunningAsync(cluster, webEngine, web, cancellationToken), TimeSpan.FromSeconds(60),
            "during the partition web resolves db to both replicas on node 2", cancellationToken, TimeSpan.FromMilliseconds(500));
        Figure($"harness, links: partition → db resolves to both running replicas: {clock.Elapsed.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => LinksRightAsync(cluster, webEngine, web, cancellationToken), TimeSpan.FromSeconds(120),
            "during the partition web reaches each db replica on node 2 at its address", cancellationToken, TimeSpan.FromMilliseconds(500));
        Figure($"harness, links: partition → web reaches the moved replica at its kept address: {clock.Elapsed.TotalSeconds:0.0} s");
        var keptDuringPartition = (await cluster.ContainersAsync(cancellationToken)).Where(c => c.Node == cutOff.Settings.NodeName).Select(c => c.Id).ToList();

        clock.Restart();
        await harness.HealAsync(harness.NodeOf("a"), cancellationToken);
        var healed = await Eventually.TrueAsync(async () =>
                (await cluster.NodesAsync()).Single(n => n.Id == cutOffId).Status == NodeStatus.Ready && await cluster.ConvergedAsync(3, cancellationToken),
            TimeSpan.FromSeconds(120), "the returning node Ready, exactly 3 replicas running once each", cancellationToken, TimeSpan.FromMilliseconds(200));
        Figure($"harness, links: heal → node Ready and its stale db container removed: {healed.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => ResolvesToRunningAsync(cluster, webEngine, web, cancellationToken), TimeSpan.FromSeconds(60),
            "after heal web resolves db to the running replicas only", cancellationToken, TimeSpan.FromMilliseconds(500));
        Figure($"harness, links: heal → db resolves to the running replicas only: {clock.Elapsed.TotalSeconds:0.0} s");
        await Eventually.TrueAsync(() => LinksRightAsync(cluster, webEngine, web, cancellationToken), TimeSpan.FromSeconds(120),
            "after heal web reaches each running db replica at its address and db by name", cancellationToken, TimeSpan.FromMilliseconds(500));
        Figure($"harness, links: heal → web reaches each running replica at its address and by name: {clock.Elapsed.TotalSeconds:0.0} s");
        // A few heartbeats later nothing has changed back: still once each, still the same answers.
        await Task.Delay(Heartbeat * 5, cancellationToken);
        var after = await cluster.ContainersAsync(cancellationToken, runningOnly: false);
        var (addresses, answers) = await ResolveAndGetAsync(webEngine, web, cancellationToken);
        var running = await DbReplicasAsync(cluster);
        var nodes = await cluster.NodesAsync();

        Assert.Multiple(() =>
        {
            Assert.That(keptDuringPartition, Is.EqualTo(new[] { stale.Id }), "the cut-off node kept its db container during the partition");
            Assert.That(after, Has.Count.EqualTo(3));
            Assert.That(after.Select(c => c.ReplicaId), Is.Unique, "nothing runs twice");
            Assert.That(after.Select(c => c.Id), Does.Not.Contain(stale.Id), "the stale db container was removed");
            Assert.That(addresses, Is.EquivalentTo(running.Select(r => r.Address)), "db resolves to the running replicas' addresses only");
            foreach (var replica in running)
            {
                Assert.That(answers.GetValueOrDefault(replica.Address), Is.EqualTo($"db {replica.ContainerId}"), $"{replica.Id} at {replica.Address} answers from its container");
            }
            Assert.That(answers.GetValueOrDefault("db"), Is.AnyOf(running.Select(r => (object)$"db {r.ContainerId}").ToArray()), "db by name answers from a running replica");
            Assert.That(nodes.Select(n => n.Status), Is.All.EqualTo(NodeStatus.Ready));
            Assert.That(nodes.Select(n => n.Id), Does.Contain(cutOffId), "the node came back with the same id");
            Assert.That(cutOff.HasExited || survivor.HasExited || webAgent.HasExited, Is.False);
        });
    }

    private static async Task<IReadOnlyList<Replica>> DbReplicasAsync(ProcessCluster cluster) =>
        [.. (await cluster.ReplicasAsync()).Where(r => r.Service == "db")];

    /// <summary>True when web's DNS answer for db is exactly the addresses of the db replicas the controller lists running.</summary>
    private static async Task<bool> ResolvesToRunningAsync(ProcessCluster cluster, DockerClient webEngine, string web, CancellationToken cancellationToken)
    {
        var running = (await DbReplicasAsync(cluster)).Where(r => r.State == ReplicaState.Running).ToList();
        var lookup = await webEngine.Containers.ExecAsync(web, new ExecRequest(["nslookup", "db"]), cancellationToken);
        return running.Count == 2
            && Addresses(lookup.Stdout).Order(StringComparer.Ordinal).SequenceEqual(running.Select(r => r.Address).Order(StringComparer.Ordinal));
    }

    /// <summary>
    /// True when web's DNS answer for db is exactly the addresses of the db replicas the controller lists running,
    /// each of those addresses answers from the replica's own container, and db by name answers from one of them.
    /// </summary>
    private static async Task<bool> LinksRightAsync(ProcessCluster cluster, DockerClient webEngine, string web, CancellationToken cancellationToken)
    {
        var running = (await DbReplicasAsync(cluster)).Where(r => r.State == ReplicaState.Running).ToList();
        var (addresses, answers) = await ResolveAndGetAsync(webEngine, web, cancellationToken);
        return running.Count == 2
            && addresses.Order(StringComparer.Ordinal).SequenceEqual(running.Select(r => r.Address).Order(StringComparer.Ordinal))
            && running.All(r => answers.GetValueOrDefault(r.Address) == $"db {r.ContainerId}")
            && running.Any(r => answers.GetValueOrDefault("db") == $"db {r.ContainerId}");
    }

    /// <summary>
    /// Inside web: <c>nslookup db</c> (the addresses of its answer), then a GET of each address and of db by name
    /// with busybox nc (busybox wget with a timeout crashes in this image); the body of each answer, by host.
    /// </summary>
    private static async Task<(IReadOnlyList<string> Addresses, IReadOnlyDictionary<string, string> Answers)> ResolveAndGetAsync(
        DockerClient webEngine, string web, CancellationToken cancellationToken)
    {
        var lookup = await webEngine.Containers.ExecAsync(web, new ExecRequest(["nslookup", "db"]), cancellationToken);
        var addresses = Addresses(lookup.Stdout);
        var answers = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var host in addresses.Append("db"))
        {
            var get = await webEngine.Containers.ExecAsync(web,
                new ExecRequest(["sh", "-c", $"printf 'GET / HTTP/1.0\\r\\n\\r\\n' | nc -w 2 {host} 8080"]), cancellationToken);
            // The body follows the blank line after the headers.
            var body = get.Stdout.Split("\r\n\r\n", 2);
            answers[host] = body.Length == 2 ? body[1].Trim() : "";
        }
        return (addresses, answers);
    }

    /// <summary>
    /// The addresses of busybox nslookup's answer: the "Address" lines after the first "Name:" line (the lines
    /// before it name the server, Docker's embedded DNS).
    /// </summary>
    private static IReadOnlyList<string> Addresses(string nslookup) =>
        [.. nslookup.Split('\n')
            .SkipWhile(line => !line.StartsWith("Name:", StringComparison.Ordinal))
            .Where(line => line.StartsWith("Address", StringComparison.Ordinal))
            .Select(line => line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim())
            .Select(value => value.Split(' ')[^1])
            .Where(value => IPAddress.TryParse(value, out var address) && address.AddressFamily == System.Net.Sockets.AddressFamily.InterNetwork)
            .Distinct()];
}
