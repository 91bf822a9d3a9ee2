namespace Codemason.Bench.Harness;

/// <summary>
/// One benchmark of <c>make bench</c>. Implementations are discovered by reflection, so a
/// feature adds its benchmark by adding a class in its own folder under <c>bench/</c>.
/// </summary>
/// <remarks>
/// A benchmark measures its subject and the baseline in the same run and reports both;
/// the harness computes the ratios. It never fails on speed, and it removes everything it
/// creates (containers carry the <c>codemason.test</c> label so the harness can sweep them).
/// </remarks>
public interface IBenchmark
{
    /// <summary>Short kebab-case name, used by <c>--only</c> and in the report.</summary>
    string Name { get; }

    /// <summary>One sentence: what is measured against what.</summary>
    string Description { get; }

    /// <summary>Whether the benchmark needs a Docker engine.</summary>
    bool NeedsEngine { get; }

    Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken);
}
