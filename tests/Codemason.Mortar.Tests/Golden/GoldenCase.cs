using System.Text.Json;
using Codemason.Mortar.Model;

namespace Codemason.Mortar.Tests.Golden;

/// <summary>
/// One folder under TestData: <c>mason.json</c> (read as bytes), optional <c>context.json</c>, and the expected
/// <c>expected.json</c> (normalised app) or <c>expected-errors.txt</c> (one error per line).
/// </summary>
public sealed class GoldenCase(string name, string directory)
{
    private static readonly JsonSerializerOptions ContextOptions = new(JsonSerializerDefaults.Web) { ReadCommentHandling = JsonCommentHandling.Skip };

    public string Name { get; } = name;

    public string Directory { get; } = directory;

    public override string ToString() => Name;

    public static IEnumerable<GoldenCase> All()
    {
        var root = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData");
        return System.IO.Directory.GetDirectories(root).Order(StringComparer.Ordinal).Select(d => new GoldenCase(Path.GetFileName(d), d));
    }

    public async Task<MortarResult> RunAsync(CancellationToken cancellationToken)
    {
        var bytes = await File.ReadAllBytesAsync(Path.Combine(Directory, "mason.json"), cancellationToken);
        var context = MortarContext.Empty;
        var contextFile = Path.Combine(Directory, "context.json");
        if (File.Exists(contextFile))
        {
            var spec = JsonSerializer.Deserialize<ContextFile>(await File.ReadAllTextAsync(contextFile, cancellationToken), ContextOptions)!;
            context = new MortarContext
            {
                Answers = spec.Answers ?? new Dictionary<string, string>(),
                AppName = spec.App is null ? null : new AppName(spec.App),
                Branch = spec.Branch,
                Commit = spec.Commit,
                Discovery = spec.Discovery is null ? null : new FakeServiceDiscovery(spec.Discovery.Existing ?? [], spec.Discovery.Catalog ?? [], spec.Discovery.CatalogQuestions),
                Limits = new MortarLimits
                {
                    MaxFileBytes = spec.Limits?.MaxFileBytes ?? MortarLimits.DefaultMaxFileBytes,
                    MaxServices = spec.Limits?.MaxServices ?? MortarLimits.DefaultMaxServices,
                    MaxDepth = spec.Limits?.MaxDepth ?? MortarLimits.DefaultMaxDepth,
                    MaxErrors = spec.Limits?.MaxErrors ?? MortarLimits.DefaultMaxErrors,
                },
            };
        }
        return await MortarPipeline.ProcessAsync(bytes, context, cancellationToken);
    }

    /// <summary>What is compared with <c>expected.json</c>: the app.</summary>
    public static string Render(AppSpec app)
    {
        var appNode = JsonSerializer.SerializeToNode(app, MortarJson.Options);
        var document = new System.Text.Json.Nodes.JsonObject { ["app"] = appNode };
        return document.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }) + "\n";
    }

    public static string Render(IReadOnlyList<MasonError> errors) => string.Join("\n", errors.Select(e => $"[{e.Kind}] {e}")) + "\n";

    private sealed record ContextFile(
        Dictionary<string, string>? Answers, string? App, string? Branch, string? Commit, DiscoveryFile? Discovery, LimitsFile? Limits);

    private sealed record DiscoveryFile(List<string>? Existing, List<string>? Catalog, Dictionary<string, string[]>? CatalogQuestions);

    private sealed record LimitsFile(int? MaxFileBytes, int? MaxServices, int? MaxDepth, int? MaxErrors);
}
