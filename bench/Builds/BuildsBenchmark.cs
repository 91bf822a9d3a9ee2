using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Issue #20 on this machine's engine, with the real controller, agent, mason and git: <c>git push</c> → the new page
/// answering against <c>docker build</c> + <c>docker push</c> + <c>docker pull</c> + <c>docker run</c> by hand, with a
/// registry of its own on loopback (<see cref="PushComparison"/>), a warm rebuild
/// against a cold build (<see cref="RebuildComparison"/>), and an app's p99 latency while the node builds against idle
/// (<see cref="LatencyDuringBuildComparison"/>). Skips without the engine, git or the built programs. Not in
/// <c>make test</c>'s smoke (which runs only the peers benchmark): a quick run takes about a minute. See
/// docs/benchmarks.md.
/// </summary>
public sealed class BuildsBenchmark : IBenchmark
{
    public string Name => "builds";

    public string Description =>
        "git push → running vs docker build + push + pull + run; warm rebuild vs cold build; app p99 latency during a build vs idle";

    public bool NeedsEngine => true;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var figures = new Figures();
        var notes = new List<string>();
        if (await BuildsPrerequisites.MissingAsync(context, cancellationToken) is { } missing)
        {
            notes.Add($"skipped: {missing}.");
            Console.WriteLine($"   skipped: {missing}");
            return new BenchReport(Name, [], [], notes);
        }
        List<Comparison> comparisons = [.. PushComparison.Comparisons(), .. RebuildComparison.Comparisons(), .. LatencyDuringBuildComparison.Comparisons()];
        var work = Directory.CreateTempSubdirectory("codemason-bench-builds-");
        var docker = new Codemason.Docker.DockerClient();
        string? environment = null;
        try
        {
            notes.Add($"load average at start {LoadAverage()}; {Environment.ProcessorCount} cores; controller, agent, engine, git and the probes on this one machine.");
            var edge = await BenchEdge.FindImageAsync(docker, cancellationToken);
            if (edge is null)
            {
                notes.Add($"the edge image {BenchEdge.Image} is missing (`make engine` builds it): the environment runs no edge, and the platform's idle footprint is not measured.");
            }
            var options = new CodemasonClusterOptions
            {
                EnvironmentPrefix = "builds",
                ControllerArguments = edge is null ? [] : BenchEdge.ControllerArguments(edge).Arguments,
            };
            await using (var cluster = await CodemasonCluster.StartAsync(context, options, cancellationToken))
            {
                environment = cluster.Environment;
                var push = new PushComparison(context, cluster, work.FullName, figures, notes);
                await GuardAsync("push → running", context, notes, () => push.RunAsync(cancellationToken), cancellationToken);
                await GuardAsync("warm vs cold", context, notes,
                    () => new RebuildComparison(context, cluster, work.FullName, figures, notes).RunAsync(cancellationToken), cancellationToken);
                await GuardAsync("latency during a build", context, notes,
                    () => new LatencyDuringBuildComparison(context, cluster, work.FullName, push.Port, figures, notes).RunAsync(cancellationToken), cancellationToken);
                if (edge is not null)
                {
                    await GuardAsync(PlatformFootprint.Prefix, context, notes,
                        () => new PlatformFootprint(context, cluster, docker, figures, notes).RunAsync(cancellationToken), cancellationToken);
                }
            }
            notes.Add($"load average at the end {LoadAverage()}.");
        }
        finally
        {
            if (environment is not null)
            {
                // After the cluster is gone, so no agent makes the edge again.
                await BenchEdge.RemoveLeftoversAsync(docker, environment);
            }
            if (environment is not null && await BuildImages.RemoveAsync(context, environment, CancellationToken.None) is { } left)
            {
                notes.Add($"{(context.Quick ? "failed:" : "FAILED")} cleanup: {left}");
            }
            work.Delete(recursive: true);
        }
        return new BenchReport(Name, figures.ToMeasurements(), comparisons, notes);
    }

    /// <summary>
    /// Runs one part; a failure is a note and the next part still runs. In a quick run the note starts with
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
