using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Issue #18 on the real multi-node harness (<c>scripts/cluster.sh up 3</c>): the real controller on the harness's
/// bridge and one real agent per node, in the node's namespace on its engine, with the overlay on. Measures the
/// cross-node link against a direct connection to the published port (<see cref="LinkComparison"/>) and one service
/// × N over 3 nodes against 1 (<see cref="ScaleComparison"/>); then, with Codemason's processes stopped, Docker Swarm's
/// overlay on the same engines as the link's peer (<see cref="SwarmOverlayComparison"/>). Needs root, dockerd and
/// nsenter; skips without them.
/// See docs/benchmarks.md.
/// </summary>
public sealed class ClusterNetworkBenchmark : IBenchmark
{
    public string Name => "cluster-network";

    public string Description =>
        "3-node harness: cross-node link vs the published port and vs Docker Swarm's overlay (TCP connect p50/p99, bulk throughput); 1 service × N over 3 nodes vs 1";

    /// <summary>False: it brings its own engines (the harness), and <c>down</c> removes everything on them.</summary>
    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var figures = new Figures();
        var notes = new List<string>();
        List<Comparison> comparisons = [.. LinkComparison.Comparisons(), .. SwarmOverlayComparison.Comparisons(), .. ScaleComparison.Comparisons(context)];
        if (Missing() is { } missing)
        {
            notes.Add($"skipped: {missing}.");
            return new BenchReport(Name, [], [], notes);
        }
        EngineHarness? harness = null;
        try
        {
            await EngineHarness.UpAsync(3, Path.Combine(RepoPaths.Root, ".codemason", "bench-cluster"), h => harness = h, cancellationToken);
            notes.Add($"harness {harness!.Name}: nodes {string.Join(", ", harness.Nodes.Select(n => $"{n.Name} {n.Address}"))}; load average at start {LoadAverage()}.");
            using var engines = new NodeEngines(harness.Nodes);
            await using (var cluster = await CodemasonCluster.StartAsync(context, new CodemasonClusterOptions
            {
                ListenAddress = harness.Gateway,
                EnvironmentPrefix = "net",
                Agents = [.. harness.Nodes.Select((node, i) =>
                    new AgentPlacement(node.Namespace, node.DockerHost, $"role={(i switch { 0 => "web", 1 => "db", _ => "spare" })}"))],
            }, cancellationToken))
            {
                await GuardAsync("link vs published port", context, notes,
                    () => new LinkComparison(context, cluster, harness, engines, figures, notes).RunAsync(cancellationToken), cancellationToken);
                await GuardAsync("3 nodes vs 1", context, notes,
                    () => new ScaleComparison(context, cluster, engines, figures, notes).RunAsync(cancellationToken), cancellationToken);
            }
            // After Codemason's controller and agents stopped, so nothing of theirs reconciles while swarm runs.
            await GuardAsync("swarm overlay", context, notes,
                () => new SwarmOverlayComparison(context, harness, figures, notes).RunAsync(cancellationToken), cancellationToken);
            notes.Add($"load average at the end {LoadAverage()}; one machine (2 cores) runs all three engines, the controller, the agents and the probes.");
        }
        finally
        {
            if (harness is not null && await harness.DownAsync() is { } left)
            {
                notes.Add($"{(context.Quick ? "failed:" : "FAILED")} harness teardown: {left}");
            }
        }
        return new BenchReport(Name, figures.ToMeasurements(), comparisons, notes);
    }

    /// <summary>Why this machine cannot run the benchmark, or null.</summary>
    private static string? Missing()
    {
        if (ClusterPrerequisites.Missing() is { } missing)
        {
            return missing;
        }
        try
        {
            _ = RepoPaths.Program("controller", "codemason-controller");
            _ = RepoPaths.Program("agent", "codemason-agent");
            _ = RepoPaths.Program("cli", "mason");
            return null;
        }
        catch (FileNotFoundException e)
        {
            return e.Message;
        }
    }

    /// <summary>
    /// Runs one part; a failure is a note and the next part still runs. In the quick smoke the note starts with
    /// "failed:", so codemason-bench exits 1.
    /// </summary>
    private static async Task GuardAsync(string what, BenchContext context, List<string> notes, Func<Task> part, CancellationToken cancellationToken)
    {
        try
        {
            await part();
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            notes.Add($"{(context.Quick ? "failed:" : "FAILED")} {what}: {e.GetType().Name}: {e.Message}");
            Console.WriteLine($"   FAILED {what}: {e.GetType().Name}: {e.Message}");
        }
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
