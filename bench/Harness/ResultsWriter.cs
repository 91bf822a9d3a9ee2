using System.Globalization;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;

namespace Codemason.Bench.Harness;

/// <summary>Writes <c>RESULTS.md</c> and <c>results.json</c>.</summary>
internal static class ResultsWriter
{
    private static readonly JsonSerializerOptions JsonOptions = new() { WriteIndented = true };

    public static async Task WriteAsync(string directory, BenchContext context, IReadOnlyList<BenchReport> reports, DateTimeOffset started)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "RESULTS.md"), Markdown(context, reports, started));
        var json = new
        {
            started,
            machine = MachineLine(),
            context.Repetitions,
            context.Quick,
            reports = reports.Select(r => new
            {
                r.Benchmark,
                measurements = r.Measurements.Select(m => new
                {
                    m.Name,
                    m.Unit,
                    m.Samples,
                    Median = NullWhenNaN(m.Median),
                    Min = NullWhenNaN(m.Min),
                    Max = NullWhenNaN(m.Max),
                }),
                comparisons = r.Comparisons.Select(c => new
                {
                    c.Subject,
                    c.Baseline,
                    c.Target,
                    ratio = NullWhenNaN(BenchRunner.RatioOf(r, c)),
                    met = BenchRunner.Met(r, c),
                    missing = BenchRunner.Missing(r, c),
                }),
                r.Notes,
            }),
        };
        await File.WriteAllTextAsync(Path.Combine(directory, "results.json"), JsonSerializer.Serialize(json, JsonOptions));
    }

    private static string Markdown(BenchContext context, IReadOnlyList<BenchReport> reports, DateTimeOffset started)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        md.AppendLine("# Benchmark results").AppendLine();
        md.AppendLine(inv, $"- date: {started:yyyy-MM-dd HH:mm} UTC");
        md.AppendLine(inv, $"- machine: {MachineLine()}");
        md.AppendLine(inv, $"- runtime: {RuntimeInformation.FrameworkDescription}");
        md.AppendLine(inv, $"- repetitions: {context.Repetitions}{(context.Quick ? " (quick smoke run)" : "")}");
        md.AppendLine().AppendLine("Every figure is the median with [min–max]; ratios are median / median of the same run.").AppendLine();
        foreach (var report in reports)
        {
            md.AppendLine(inv, $"## {report.Benchmark}").AppendLine();
            if (report.Measurements.Count > 0)
            {
                md.AppendLine("| figure | median | min | max | n |").AppendLine("|---|---|---|---|---|");
                foreach (var m in report.Measurements)
                {
                    if (m.Samples.Count == 0)
                    {
                        md.AppendLine(inv, $"| {m.Name} | — {m.Unit} | — | — | 0 |");
                    }
                    else
                    {
                        md.AppendLine(inv, $"| {m.Name} | {m.Median:0.###} {m.Unit} | {m.Min:0.###} | {m.Max:0.###} | {m.Samples.Count} |");
                    }
                }
                md.AppendLine();
            }
            if (report.Comparisons.Count > 0)
            {
                md.AppendLine("| ratio | value | target | met |").AppendLine("|---|---|---|---|");
                foreach (var c in report.Comparisons)
                {
                    var ratio = BenchRunner.RatioOf(report, c);
                    var value = double.IsNaN(ratio) ? "—" : ratio.ToString("0.###", inv);
                    var met = BenchRunner.Met(report, c) switch { true => "yes", false => "no", null => "–" };
                    // A comparison that could not be made stays in the table, saying why.
                    if (BenchRunner.Missing(report, c) is { } missing)
                    {
                        met += $" ({missing})";
                    }
                    md.AppendLine(inv, $"| {c.Subject} / {c.Baseline} | {value} | {c.Target} | {met} |");
                }
                md.AppendLine();
            }
            foreach (var note in report.Notes)
            {
                md.AppendLine(inv, $"- {note}");
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>JSON has no NaN: a ratio that could not be computed is written as null.</summary>
    private static double? NullWhenNaN(double value) => double.IsNaN(value) ? null : value;

    private static string MachineLine() =>
        $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}";
}
