using System.Diagnostics;
using System.Globalization;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;
using Codemason.Docker;
using Codemason.Proto.V1;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Issue #18's second figure: one service × N replicas deployed with <c>mason deploy</c> across the harness's 3 nodes
/// against the same on 1 node (the other two cordoned, so the same controller, agents and engines take part), timed
/// until the engines run all N; then <c>mason destroy</c> until they are gone. The two take turns in every repetition.
/// </summary>
internal sealed class ScaleComparison(BenchContext context, CodemasonCluster cluster, NodeEngines engines, Figures figures, List<string> notes)
{
    /// <summary>Sizes of a full run; <c>CODEMASON_BENCH_CLUSTER_SIZES=10,50</c> overrides them.</summary>
    private static readonly int[] FullSizes = [10, 25, 50];
    private static readonly TimeSpan Converge = TimeSpan.FromMinutes(5);

    private TimeSpan Pause => context.Quick ? TimeSpan.FromMilliseconds(300) : TimeSpan.FromSeconds(2);

    private int[] Sizes => SizesOf(context);

    /// <summary>The sizes of a run: 3 in the quick smoke, else 10, 25, 50 or <c>CODEMASON_BENCH_CLUSTER_SIZES</c>.</summary>
    public static int[] SizesOf(BenchContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Quick)
        {
            return [3];
        }
        var custom = System.Environment.GetEnvironmentVariable("CODEMASON_BENCH_CLUSTER_SIZES");
        return string.IsNullOrWhiteSpace(custom)
            ? FullSizes
            : [.. custom.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture))];
    }

    public static string Deploy(int n, int nodes) => $"1 service × {n}: deploy → all running, {Spread(nodes)}";

    public static string Teardown(int n, int nodes) => $"1 service × {n}: destroy → all gone, {Spread(nodes)}";

    private static string Spread(int nodes) => nodes == 1 ? "1 node (2 cordoned)" : $"{nodes} nodes";

    /// <summary>3 nodes against 1 at every size: informational, one machine's cores are shared by every engine.</summary>
    public static IEnumerable<Comparison> Comparisons(BenchContext context) => SizesOf(context).SelectMany(n => new Comparison[]
    {
        new(Deploy(n, 3), Deploy(n, 1), "— (one machine: all engines share its 2 cores)"),
        new(Teardown(n, 3), Teardown(n, 1), "—"),
    });

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var nodes = await cluster.NodesAsync(cancellationToken);
        // Nodes 2 and 3 (in the order the agents started: their names end in -2, -3) are cordoned for the 1-node runs.
        var others = nodes.Where(n => !n.Hostname.EndsWith("-1", StringComparison.Ordinal)).Select(n => n.Id).ToList();
        // Untimed, over all three nodes: each engine's first containers of the image, the app networks' first creation.
        await DeployAndDestroyAsync(3, 3, "scalewarmup", rep: -1, cancellationToken);
        foreach (var n in Sizes)
        {
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                foreach (var spread in (rep % 2 == 0 ? new[] { 3, 1 } : [1, 3]))
                {
                    await SetAsync(others, spread == 1 ? NodeAvailability.Cordoned : NodeAvailability.Active, cancellationToken);
                    try
                    {
                        await DeployAndDestroyAsync(n, spread, $"scale{n}n{spread}r{rep}", rep, cancellationToken);
                    }
                    finally
                    {
                        await SetAsync(others, NodeAvailability.Active, CancellationToken.None);
                    }
                }
            }
        }
        foreach (var nodesUsed in new[] { 3, 1 })
        {
            notes.Add($"curve, deploy → all running, {Spread(nodesUsed)}: "
                + string.Join(", ", Sizes.Select(n => string.Create(CultureInfo.InvariantCulture, $"N={n} {figures.Median(Deploy(n, nodesUsed)):0.00} s"))));
        }
    }

    private async Task DeployAndDestroyAsync(int n, int spread, string app, int rep, CancellationToken cancellationToken)
    {
        var filter = cluster.AppFilter(app);
        var directory = await cluster.WriteAppAsync(app, Workload.Replicas(n).MasonJson(app, context.TestImage), cancellationToken);
        try
        {
            var watch = Stopwatch.StartNew();
            await cluster.DeployAsync(directory, cancellationToken);
            var perNode = await engines.WaitRunningAsync(filter, n, Converge, cancellationToken);
            var deployed = watch.Elapsed;
            if (rep < 0)
            {
                await DestroyQuietlyAsync(app, filter);
                return;
            }
            figures.Add(Deploy(n, spread), "s", deployed.TotalSeconds);
            if (rep == 0)
            {
                notes.Add($"1 service × {n} on {spread} node{(spread == 1 ? "" : "s")}: running per node {string.Join('/', perNode)}.");
            }
            await Task.Delay(Pause, cancellationToken);
            watch.Restart();
            await cluster.DestroyAsync(app, cancellationToken);
            await engines.WaitGoneAsync(filter, Converge, cancellationToken);
            figures.Add(Teardown(n, spread), "s", watch.Elapsed.TotalSeconds);
        }
        catch
        {
            // The next size must start from empty engines.
            await DestroyQuietlyAsync(app, filter);
            throw;
        }
        await Task.Delay(Pause, cancellationToken);
    }

    private async Task DestroyQuietlyAsync(string app, DockerFilters filter)
    {
        await cluster.DestroyAsync(app, CancellationToken.None);
        await engines.WaitGoneAsync(filter, Converge, CancellationToken.None);
    }

    private async Task SetAsync(IEnumerable<string> nodes, NodeAvailability availability, CancellationToken cancellationToken)
    {
        foreach (var node in nodes)
        {
            await cluster.SetAvailabilityAsync(node, availability, cancellationToken);
        }
    }
}
