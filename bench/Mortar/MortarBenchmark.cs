using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Codemason.Bench.Harness;
using Codemason.Mortar;
using Codemason.Mortar.Syntax;

namespace Codemason.Bench.Mortar;

/// <summary>
/// parse + validate (schema and semantic rules) + normalise a generated application of 200 services,
/// against System.Text.Json <see cref="JsonDocument.Parse(string, JsonDocumentOptions)"/> of the same text.
/// </summary>
public sealed class MortarBenchmark : IBenchmark
{
    private const double TargetMs = 20;

    public string Name => "mortar";

    public string Description => "mason.json parse+validate+normalise of a generated application vs JsonDocument.Parse of the same file";

    public bool NeedsEngine => false;

    public Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var services = context.Size(200, 20);
        var iterations = context.Size(50, 5);
        var text = Generate(services);
        var mortarContext = new MortarContext
        {
            Commit = "4f2a1c9",
            Branch = "main",
            Answers = new Dictionary<string, string>(StringComparer.Ordinal) { ["DB_PASSWORD"] = "secret" },
        };
        var jsonOptions = new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true };

        // Warm-up: JIT and the embedded schema.
        var check = MortarPipeline.Process(text, mortarContext);
        if (!check.Succeeded)
        {
            throw new InvalidOperationException("generated file is invalid: " + string.Join("; ", check.Errors.Take(3)));
        }
        for (var i = 0; i < iterations; i++)
        {
            MortarPipeline.Process(text, mortarContext);
            using var warm = JsonDocument.Parse(text, jsonOptions);
        }

        var ours = new List<double>();
        var parseOnly = new List<double>();
        var baseline = new List<double>();
        for (var r = 0; r < context.Repetitions; r++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            ours.Add(PerFile(iterations, () => MortarPipeline.Process(text, mortarContext)));
            parseOnly.Add(PerFile(iterations, () => MasonParser.Parse(text)));
            baseline.Add(PerFile(iterations, () =>
            {
                using var document = JsonDocument.Parse(text, jsonOptions);
            }));
        }

        var subject = $"parse+validate+normalise {services} services (Mortar)";
        var parseName = $"lenient parse only {services} services (Mortar)";
        var baselineName = $"JsonDocument.Parse {services} services (System.Text.Json)";
        var median = ours.Order().ElementAt(ours.Count / 2);
        var report = new BenchReport(
            Name,
            [new Measurement(subject, "ms", ours), new Measurement(parseName, "ms", parseOnly), new Measurement(baselineName, "ms", baseline)],
            [
                new Comparison(subject, baselineName, "informational (Mortar also validates and normalises)"),
                new Comparison(parseName, baselineName, "informational (positions, comments, trailing commas)"),
            ],
            [
                string.Create(CultureInfo.InvariantCulture, $"file: {services} services, {Encoding.UTF8.GetByteCount(text) / 1024.0:0.0} KiB; {iterations} iterations per sample after warm-up"),
                string.Create(CultureInfo.InvariantCulture, $"target ≤ {TargetMs} ms per file: {(median <= TargetMs ? "met" : "NOT met")} (median {median:0.###} ms)"),
            ]);
        return Task.FromResult(report);
    }

    private static double PerFile(int iterations, Action action)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }
        return watch.Elapsed.TotalMilliseconds / iterations;
    }

    /// <summary>A realistic application: every service uses ports, environment (both forms), volumes, links, labels and questions.</summary>
    internal static string Generate(int services)
    {
        var text = new StringBuilder();
        text.AppendLine("// generated for the mortar benchmark");
        text.AppendLine("{");
        text.AppendLine("    \"name\": \"bench\",");
        text.AppendLine("    \"masonVersion\": \"v1\",");
        text.AppendLine("    \"registries\": [ { \"server\": \"registry.example.com\", \"username\": \"ci\", \"password\": \"pw\" }, ],");
        text.AppendLine("    \"services\": [");
        for (var i = 0; i < services; i++)
        {
            var inv = CultureInfo.InvariantCulture;
            text.AppendLine("        {");
            text.AppendLine(inv, $"            \"name\": \"svc-{i}\",");
            text.AppendLine(inv, $"            \"description\": \"service number {i}\",");
            text.AppendLine(inv, $"            \"image\": \"registry.example.com/bench/svc-{i}:${{branch}}-${{commit}}\",");
            text.AppendLine("            \"command\": \"sh -c 'exec server --port 8080'\",");
            text.AppendLine(inv, $"            \"ports\": [\"{10000 + i}:8080\", \"9100\", \"127.0.0.1:{20000 + i}:9000/udp\"],");
            text.AppendLine(i % 2 == 0
                ? "            \"environment\": { \"MODE\": \"prod\", \"WORKERS\": 4, \"APP\": \"${app}\", \"DEBUG\": false },"
                : "            \"environment\": [\"MODE=prod\", \"WORKERS=4\", \"APP=${app}\"],");
            text.AppendLine(inv, $"            \"volumes\": [\"data-{i}:/var/lib/data\", \"./conf/{i}:/etc/app:ro\"],");
            text.AppendLine(inv, $"            \"links\": [{(i > 0 ? $"\"svc-{i - 1}\", " : "")}\"svc-{(i + 1) % services}:next\"],");
            text.AppendLine(inv, $"            \"labels\": {{ \"tier\": \"t{i % 3}\", \"com.example.index\": \"{i}\" }},");
            text.AppendLine("            \"questions\": [ { \"key\": \"DB_PASSWORD\", \"value\": \"\", \"description\": \"database password\" }, ],");
            text.AppendLine("            \"scale\": 2, \"memory\": 256, \"cpu\": 512, // limits");
            text.AppendLine("            \"healthcheck\": { \"test\": \"wget -q localhost:8080/health\", \"interval\": \"10s\" },");
            text.AppendLine(i == services - 1 ? "        }" : "        },");
        }
        text.AppendLine("    ],");
        text.AppendLine("}");
        return text.ToString();
    }
}
