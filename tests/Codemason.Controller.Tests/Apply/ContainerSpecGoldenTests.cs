using System.Text.Json;
using System.Text.Json.Nodes;
using Codemason.Controller.Apply;
using Codemason.Mortar;
using Codemason.Mortar.Model;
using Google.Protobuf;

namespace Codemason.Controller.Tests.Apply;

/// <summary>
/// mason.json → Mortar → agent specs, one folder per case under TestData/ContainerSpec: <c>mason.json</c>,
/// <c>context.json</c> (answers, branch, commit, services of other apps in the environment) and
/// <c>expected.json</c> (per service: spec hash, scale, ports, ContainerSpec). Set
/// <c>CODEMASON_UPDATE_GOLDEN=1</c> to rewrite the expected files, then review the diff.
/// </summary>
public sealed class ContainerSpecGoldenTests
{
    private static readonly string Root = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "ContainerSpec");

    public static IEnumerable<string> Cases() => Directory.GetDirectories(Root).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(10_000)]
    public async Task ToServiceDrafts_Case_MatchesExpected(string name, CancellationToken cancellationToken)
    {
        var folder = Path.Combine(Root, name);
        using var context = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(folder, "context.json"), cancellationToken));
        var root = context.RootElement;
        var mortar = new MortarContext
        {
            Answers = root.GetProperty("answers").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
            Branch = root.TryGetProperty("branch", out var branch) ? branch.GetString() : null,
            Commit = root.TryGetProperty("commit", out var commit) ? commit.GetString() : null,
            Discovery = new ListDiscovery(root.GetProperty("environment").EnumerateArray().Select(e => e.GetString()!).ToList()),
        };
        var result = await MortarPipeline.ProcessAsync(await File.ReadAllTextAsync(Path.Combine(folder, "mason.json"), cancellationToken), mortar, cancellationToken);
        Assert.That(result.Errors, Is.Empty, () => string.Join("\n", result.Errors));

        var actual = Render(ContainerSpecMapper.ToServiceDrafts(result.App!));

        var expectedPath = Path.Combine(folder, "expected.json");
        if (Environment.GetEnvironmentVariable("CODEMASON_UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(TestContext.CurrentContext.TestDirectory, "..", "..", "..", "TestData", "ContainerSpec", name, "expected.json");
            await File.WriteAllTextAsync(source, actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n", cancellationToken);
            Assert.Inconclusive("expected.json rewritten");
        }
        var expected = JsonNode.Parse(await File.ReadAllTextAsync(expectedPath, cancellationToken));
        Assert.That(JsonNode.DeepEquals(actual, expected), Is.True, () => "actual:\n" + actual.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    private static JsonObject Render(IReadOnlyList<Controller.Store.ServiceDraft> drafts)
    {
        var services = new JsonObject();
        foreach (var draft in drafts)
        {
            services[draft.Name] = new JsonObject
            {
                ["specHash"] = draft.SpecHash.Value,
                ["scale"] = draft.Scale,
                ["ports"] = new JsonArray([.. draft.Ports.Select(p => (JsonNode)JsonValue.Create(p))]),
                ["spec"] = JsonNode.Parse(JsonFormatter.Default.Format(draft.Spec)),
            };
        }
        return services;
    }

    /// <summary>Finds "app/service" entries of the environment.</summary>
    private sealed class ListDiscovery(IReadOnlyList<string> services) : IServiceDiscovery
    {
        public ValueTask<DiscoveryResult> ResolveAsync(DiscoveryRequest request, CancellationToken cancellationToken)
        {
            var match = services.Select(s => s.Split('/')).FirstOrDefault(s =>
                s[1] == request.TargetService.Value && (request.TargetApp is null || request.TargetApp.Value.Value == s[0]));
            return ValueTask.FromResult(match is null
                ? DiscoveryResult.NotFound()
                : DiscoveryResult.Found(new AppName(match[0]), new ServiceName(match[1])));
        }
    }
}
