using Codemason.Bench.Harness;

// make bench: codemason-bench [--output DIR] [--only NAME[,NAME]] [--quick] [--repetitions N]
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine($"codemason-bench: {ex.Message}");
    return 2;
}
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) => { e.Cancel = true; cancellation.Cancel(); };

var all = BenchRunner.Discover();
var selected = options.Only.Count == 0 ? all : all.Where(b => options.Only.Contains(b.Name)).ToList();
if (selected.Count == 0)
{
    Console.Error.WriteLine($"no benchmark matches; known: {string.Join(", ", all.Select(b => b.Name))}");
    return 2;
}

var context = new BenchContext(
    Repetitions: options.Repetitions ?? (options.Quick ? 1 : 5),
    Quick: options.Quick,
    RunId: $"bench-{Guid.NewGuid():N}"[..14],
    TestImage: Environment.GetEnvironmentVariable("CODEMASON_TEST_IMAGE") ?? "local/busybox:1");
var started = DateTimeOffset.UtcNow;
var reports = await BenchRunner.RunAsync(selected, context, Console.Out, cancellation.Token);
await ResultsWriter.WriteAsync(options.Output, context, reports, started);
Console.WriteLine($"wrote {Path.Combine(options.Output, "RESULTS.md")}");
return reports.Any(r => r.Notes.Any(n => n.StartsWith("failed:", StringComparison.Ordinal))) ? 1 : 0;
