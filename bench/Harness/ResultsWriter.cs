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
                measurements = r.Measurements.Select(m => new { m.Name, m.Unit, m.Samples, m.Median, m.Min, m.Max }),
                comparisons = r.Comparisons.Select(c => new { c.Subject, c.Baseline, c.Target, ratio = BenchRunner.RatioOf(r, c), met = BenchRunner.Met(r, c) }),
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
                    md.AppendLine(inv, $"| {m.Name} | {m.Median:0.###} {m.Unit} | {m.Min:0.###} | {m.Max:0.###} | {m.Samples.Count} |");
                }
                md.AppendLine();
            }
            if (report.Comparisons.Count > 0)
            {
                md.AppendLine("| ratio | value | target | met |").AppendLine("|---|---|---|---|");
                foreach (var c in report.Comparisons)
                {
                    var ratio = BenchRunner.RatioOf(report, c);
                    var met = BenchRunner.Met(report, c) switch { true => "yes", false => "no", null => "–" };
                    md.AppendLine(inv, $"| {c.Subject} / {c.Baseline} | {ratio:0.###} | {c.Target} | {met} |");
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

    private static string MachineLine() =>
        $"{RuntimeInformation.OSDescription}, {Environment.ProcessorCount} cores, {RuntimeInformation.ProcessArchitecture}";
}
