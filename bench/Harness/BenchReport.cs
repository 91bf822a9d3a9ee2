namespace Codemason.Bench.Harness;

/// <summary>A named series of samples of one figure, e.g. "create+start 50 containers (ours)".</summary>
/// <param name="Name">Unique within its report.</param>
/// <param name="Unit">"ms", "s", "ops/s", "MB", ...</param>
/// <param name="Samples">One value per repetition.</param>
/// <param name="HigherIsBetter">True for throughputs, false for times and sizes.</param>
public sealed record Measurement(string Name, string Unit, IReadOnlyList<double> Samples, bool HigherIsBetter = false)
{
    public double Median
    {
        get
        {
            if (Samples.Count == 0)
            {
                return double.NaN;
            }
            var sorted = Samples.Order().ToArray();
            var mid = sorted.Length / 2;
            return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        }
    }

    public double Min => Samples.Count == 0 ? double.NaN : Samples.Min();

    public double Max => Samples.Count == 0 ? double.NaN : Samples.Max();
}

/// <summary>
/// A ratio the report computes from two measurements of the same run:
/// median(subject) / median(baseline).
/// </summary>
/// <param name="Subject">Name of the measurement of our code.</param>
/// <param name="Baseline">Name of the measurement it is compared with.</param>
/// <param name="Target">The goal in words, e.g. "≤ 1.10".</param>
/// <param name="TargetRatio">The goal as a number to check against, when there is one.</param>
public sealed record Comparison(string Subject, string Baseline, string Target, double? TargetRatio = null);

/// <summary>What one benchmark returns.</summary>
public sealed record BenchReport(
    string Benchmark,
    IReadOnlyList<Measurement> Measurements,
    IReadOnlyList<Comparison> Comparisons,
    IReadOnlyList<string> Notes);
