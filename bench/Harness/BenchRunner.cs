using System.Diagnostics;
using System.Reflection;

namespace Codemason.Bench.Harness;

/// <summary>Discovers the benchmarks, runs the selected ones and collects their reports.</summary>
public static class BenchRunner
{
    public static IReadOnlyList<IBenchmark> Discover() =>
        typeof(BenchRunner).Assembly.GetTypes()
            .Where(t => t is { IsAbstract: false, IsInterface: false } && typeof(IBenchmark).IsAssignableFrom(t))
            .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
            .OrderBy(b => b.Name, StringComparer.Ordinal)
            .ToList();

    public static async Task<IReadOnlyList<BenchReport>> RunAsync(
        IEnumerable<IBenchmark> benchmarks, BenchContext context, TextWriter log, CancellationToken cancellationToken)
    {
        var reports = new List<BenchReport>();
        foreach (var benchmark in benchmarks)
        {
            log.WriteLine($"== {benchmark.Name}: {benchmark.Description}");
            var watch = Stopwatch.StartNew();
            try
            {
                var report = await benchmark.RunAsync(context, cancellationToken);
                reports.Add(report);
                foreach (var m in report.Measurements)
                {
                    log.WriteLine($"   {m.Name}: median {m.Median:0.###} {m.Unit} [{m.Min:0.###}–{m.Max:0.###}] n={m.Samples.Count}");
                }
                foreach (var c in report.Comparisons)
                {
                    var verdict = Missing(report, c) is { } missing ? $"; {(c.TargetRatio is null ? "" : "not met: ")}{missing}" : "";
                    log.WriteLine($"   ratio {c.Subject} / {c.Baseline} = {RatioOf(report, c):0.###} (target {c.Target}{verdict})");
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // A broken benchmark is reported, not fatal: the others still run.
                log.WriteLine($"   FAILED: {ex.GetType().Name}: {ex.Message}");
                reports.Add(new BenchReport(benchmark.Name, [], [], [$"failed: {ex.GetType().Name}: {ex.Message}"]));
            }
            finally
            {
                if (benchmark.NeedsEngine)
                {
                    await EngineSweeper.RemoveLabelledAsync(context.RunId, cancellationToken);
                }
            }
            log.WriteLine($"   ({watch.Elapsed.TotalSeconds:0.0} s)");
        }
        return reports;
    }

    /// <summary>median(subject) / median(baseline), or NaN when either is missing.</summary>
    public static double RatioOf(BenchReport report, Comparison comparison)
    {
        var subject = report.Measurements.FirstOrDefault(m => m.Name == comparison.Subject);
        var baseline = report.Measurements.FirstOrDefault(m => m.Name == comparison.Baseline);
        if (subject is null || baseline is null || baseline.Median == 0)
        {
            return double.NaN;
        }
        return subject.Median / baseline.Median;
    }

    /// <summary>
    /// Why the comparison has no ratio: a side without samples (its tool was skipped or failed every time) or a
    /// baseline of zero. Null when the ratio can be computed.
    /// </summary>
    public static string? Missing(BenchReport report, Comparison comparison)
    {
        var empty = new[] { comparison.Subject, comparison.Baseline }
            .Where(name => report.Measurements.FirstOrDefault(m => m.Name == name) is not { Samples.Count: > 0 })
            .Select(name => $"no samples of '{name}'")
            .ToList();
        if (empty.Count > 0)
        {
            return string.Join("; ", empty);
        }
        return report.Measurements.First(m => m.Name == comparison.Baseline).Median == 0 ? "the baseline's median is 0" : null;
    }

    /// <summary>
    /// Whether the comparison's goal is met: for a throughput (the subject is higher-is-better) the ratio must reach the
    /// target, for a time or a size it must stay at or below it. A goal without a ratio (<see cref="Missing"/>) is not
    /// met: a comparison that could not be made is not a success. Null when there is no numeric goal.
    /// </summary>
    public static bool? Met(BenchReport report, Comparison comparison)
    {
        if (comparison.TargetRatio is not { } target)
        {
            return null;
        }
        var ratio = RatioOf(report, comparison);
        if (double.IsNaN(ratio))
        {
            return false;
        }
        var higherIsBetter = report.Measurements.First(m => m.Name == comparison.Subject).HigherIsBetter;
        return higherIsBetter ? ratio >= target : ratio <= target;
    }

    internal static string Version =>
        typeof(BenchRunner).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "dev";
}
