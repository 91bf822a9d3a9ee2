using System.Globalization;
using System.Net;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;
using Codemason.Docker.Containers;
using Codemason.Proto.V1;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Issue #18's first figures: web on node 1 reaching db on node 2 through the link (db's overlay address, across the
/// VXLAN) against a direct connection to db's published port at node 2's address, from the same client namespace
/// (web's container) and from node 1's own namespace. TCP connect p50/p99 and bulk throughput, paths taking turns
/// in every round. db's server is a <see cref="BulkServer"/> in db's container namespace, the probes run in web's
/// (<see cref="LinkProbe"/>): the replicas themselves only sleep.
/// </summary>
internal sealed class LinkComparison(BenchContext context, CodemasonCluster cluster, EngineHarness harness, NodeEngines engines, Figures figures, List<string> notes)
{
    public const string App = "netlink";
    private const int ContainerPort = 7000;
    private const int PublishedPort = 17000;
    /// <summary>How the figures name the link (the swarm overlay figures are compared with it).</summary>
    public const string Link = "link: db's overlay address, from web's container";
    private const string PublishedFromWeb = "published port at node 2's address, from web's container";
    private const string PublishedFromNode = "published port at node 2's address, from node 1's namespace";
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(3);

    private int Rounds => RoundsOf(context);

    private int ConnectsPerRound => ConnectsPerRoundOf(context);

    private int Transfers => TransfersOf(context);

    private long TransferBytes => TransferBytesOf(context);

    /// <summary>Rounds of connects per path and repetition (every path of a round takes its turn).</summary>
    public static int RoundsOf(BenchContext context) => context.Quick ? 4 : 10;

    /// <summary>Connects per path and round.</summary>
    public static int ConnectsPerRoundOf(BenchContext context) => context.Quick ? 50 : 200;

    /// <summary>Bulk transfers per path and repetition.</summary>
    public static int TransfersOf(BenchContext context) => context.Quick ? 2 : 3;

    /// <summary>Bytes of one bulk transfer.</summary>
    public static long TransferBytesOf(BenchContext context) => context.Quick ? 32_000_000 : 256_000_000;

    /// <summary>What the report compares: the link against the published port from the same container.</summary>
    public static IEnumerable<Comparison> Comparisons() =>
    [
        new($"TCP connect p50: {Link}", $"TCP connect p50: {PublishedFromWeb}", "— (goal: ≤ 0.5 ms added, see the 'added' figure)"),
        new($"TCP connect p99: {Link}", $"TCP connect p99: {PublishedFromWeb}", "—"),
        new($"bulk throughput: {Link}", $"bulk throughput: {PublishedFromWeb}", "≥ 0.8", 0.8),
        new($"TCP connect p50: {Link}", $"TCP connect p50: {PublishedFromNode}", "—"),
        new($"bulk throughput: {Link}", $"bulk throughput: {PublishedFromNode}", "—"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var directory = await cluster.WriteAppAsync(App, MasonJson(context.TestImage), cancellationToken);
        await cluster.DeployAsync(directory, cancellationToken);
        var filter = cluster.AppFilter(App);
        try
        {
            await engines.WaitRunningAsync(filter, 2, Converge, cancellationToken);
            var (web, db) = await ReplicasAsync(cancellationToken);
            var webPid = await PidAsync(0, "web", cancellationToken);
            var dbPid = await PidAsync(1, "db", cancellationToken);
            notes.Add($"link: web {web.Address} on node {web.NodeId}, db {db.Address} on node {db.NodeId}; db publishes {PublishedPort}:{ContainerPort} at {harness.Nodes[1].Address}; server and probes in this process, in the containers' network namespaces (setns).");
            await using var server = await BulkServer.StartAsync($"/proc/{dbPid}/ns/net", ContainerPort);
            var webNamespace = $"/proc/{webPid}/ns/net";
            LinkPath[] paths =
            [
                new(Link, webNamespace, new IPEndPoint(IPAddress.Parse(db.Address), ContainerPort), Overlay: true),
                new(PublishedFromWeb, webNamespace, new IPEndPoint(harness.Nodes[1].Address, PublishedPort), Overlay: false),
                new(PublishedFromNode, harness.Nodes[0].NamespacePath, new IPEndPoint(harness.Nodes[1].Address, PublishedPort), Overlay: false),
            ];
            foreach (var path in paths)
            {
                await WaitReachableAsync(path, cancellationToken);
                // Warm-up: ARP and flood entries, conntrack, the JIT.
                await LinkProbe.ConnectAsync(path.ClientNamespace, path.Target, 50);
                await LinkProbe.ReadAsync(path.ClientNamespace, path.Target, 16_000_000);
            }
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                await MeasureAsync(paths, rep, cancellationToken);
            }
            var added = figures.Median($"TCP connect p50 added by the link (vs {PublishedFromWeb})");
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"link: {added:0.###} ms added at p50 against the published port from the same container (goal ≤ 0.5 ms: {(added <= 0.5 ? "met" : "not met")}); {Rounds} rounds × {ConnectsPerRound} connects and {Transfers} × {TransferBytes / 1e6:0} MB per path and repetition, paths taking turns."));
        }
        finally
        {
            await cluster.DestroyAsync(App, CancellationToken.None);
            await engines.WaitGoneAsync(filter, Converge, CancellationToken.None);
        }
    }

    private async Task MeasureAsync(LinkPath[] paths, int rep, CancellationToken cancellationToken)
    {
        var latencies = paths.ToDictionary(p => p, _ => new List<double>());
        for (var round = 0; round < Rounds; round++)
        {
            foreach (var path in Rotate(paths, round + rep))
            {
                latencies[path].AddRange(await LinkProbe.ConnectAsync(path.ClientNamespace, path.Target, ConnectsPerRound));
            }
        }
        foreach (var path in paths)
        {
            figures.Add($"TCP connect p50: {path.Label}", "ms", LinkProbe.Percentile(latencies[path], 50));
            figures.Add($"TCP connect p99: {path.Label}", "ms", LinkProbe.Percentile(latencies[path], 99));
        }
        figures.Add($"TCP connect p50 added by the link (vs {PublishedFromWeb})", "ms",
            LinkProbe.Percentile(latencies[paths[0]], 50) - LinkProbe.Percentile(latencies[paths[1]], 50));

        var rates = paths.ToDictionary(p => p, _ => new List<double>());
        for (var transfer = 0; transfer < Transfers; transfer++)
        {
            foreach (var path in Rotate(paths, transfer + rep))
            {
                var before = await VxlanCounter.ReceivedBytesAsync(harness.Nodes[0].Namespace, cancellationToken);
                rates[path].Add(await LinkProbe.ReadAsync(path.ClientNamespace, path.Target, TransferBytes));
                var crossed = await VxlanCounter.ReceivedBytesAsync(harness.Nodes[0].Namespace, cancellationToken) - before;
                // The link's bytes arrive through node 1's VXLAN device; the published port's do not.
                if (path.Overlay ? crossed < TransferBytes : crossed >= TransferBytes)
                {
                    throw new InvalidOperationException(
                        $"{path.Label}: node 1's VXLAN devices received {crossed} bytes during a {TransferBytes}-byte transfer: the path is not what it claims");
                }
            }
        }
        foreach (var path in paths)
        {
            figures.Add($"bulk throughput: {path.Label}", "MB/s", Median(rates[path]), higherIsBetter: true);
        }
    }

    /// <summary>web and db from the API; checks that they run on different nodes and db has an overlay address.</summary>
    private async Task<(Replica Web, Replica Db)> ReplicasAsync(CancellationToken cancellationToken)
    {
        var replicas = await cluster.ReplicasAsync(App, cancellationToken);
        var web = replicas.Single(r => r.Service == "web");
        var db = replicas.Single(r => r.Service == "db");
        if (web.NodeId == db.NodeId || !IPAddress.TryParse(db.Address, out var address) || IPAddress.IsLoopback(address)
            || harness.Nodes.Any(n => n.Address.Equals(address)))
        {
            throw new InvalidOperationException($"web ({web.NodeId}, {web.Address}) and db ({db.NodeId}, {db.Address}) are not on different nodes with overlay addresses");
        }
        return (web, db);
    }

    /// <summary>The pid of <paramref name="service"/>'s container on node <paramref name="node"/> (0-based).</summary>
    private async Task<int> PidAsync(int node, string service, CancellationToken cancellationToken)
    {
        var containers = await engines[node].Containers.ListAsync(
            new ContainerListOptions { Filters = cluster.ServiceFilter(App, service) }, cancellationToken);
        var details = await engines[node].Containers.InspectAsync(containers.Single().Id, cancellationToken);
        return details.State.Pid > 0 ? details.State.Pid : throw new InvalidOperationException($"{service} has no process");
    }

    /// <summary>The overlay's flood entries and the port's DNAT may need a moment after the containers run.</summary>
    public static async Task WaitReachableAsync(LinkPath path, CancellationToken cancellationToken)
    {
        for (var attempt = 1; !await LinkProbe.ReachableAsync(path.ClientNamespace, path.Target, TimeSpan.FromSeconds(2)); attempt++)
        {
            if (attempt == 15)
            {
                throw new TimeoutException($"{path.Label}: {path.Target} not reachable within 30 s");
            }
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
        }
    }

    public static IEnumerable<LinkPath> Rotate(LinkPath[] items, int by) =>
        Enumerable.Range(0, items.Length).Select(i => items[(i + by) % items.Length]);

    public static double Median(List<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }

    /// <summary>web (sleeps) on the node labelled role=web, db (sleeps, publishes the port) on role=db; web links to db.</summary>
    private static string MasonJson(string image) => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{image}}",
                    "command": ["sleep", "3600"],
                    "links": ["db"],
                    "placement": { "constraints": ["node.labels.role == web"] }
                },
                {
                    "name": "db",
                    "image": "{{image}}",
                    "command": ["sleep", "3600"],
                    "ports": ["{{PublishedPort}}:{{ContainerPort}}"],
                    "placement": { "constraints": ["node.labels.role == db"] }
                }
            ]
        }
        """;
}
