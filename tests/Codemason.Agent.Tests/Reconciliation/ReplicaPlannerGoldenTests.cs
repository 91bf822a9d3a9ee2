using System.Globalization;
using System.Text;
using System.Text.Json;
using Codemason.Agent.Reconciliation;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Agent.Tests.Reconciliation;

/// <summary>
/// Golden cases for <see cref="ReplicaPlanner"/>: TestData/Planner/&lt;case&gt;/input.json (now, desired
/// assignment in protobuf JSON or null, observed containers, the replica's memory) → expected.txt.
/// Set UPDATE_GOLDEN=1 to rewrite the expected files from the current planner, then review the diff.
/// </summary>
public sealed class ReplicaPlannerGoldenTests
{
    private static readonly string CasesRoot = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Planner");

    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Cases))]
    public void Plan_GoldenCase_MatchesExpected(string name)
    {
        var directory = Path.Combine(CasesRoot, name);
        var (desired, containers, history, now) = ReadInput(Path.Combine(directory, "input.json"));

        var plan = ReplicaPlanner.Plan(desired, containers, history, now);
        var actual = Render(plan);

        var expectedPath = Path.Combine(directory, "expected.txt");
        if (System.Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            var source = Path.Combine(SourceRoot(), "TestData", "Planner", name, "expected.txt");
            File.WriteAllText(source, actual);
        }
        Assert.That(actual, Is.EqualTo(File.ReadAllText(expectedPath)), $"case {name}");
    }

    [Test]
    public void Cases_Exist_AtLeastTwenty()
    {
        Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(20));
    }

    internal static string Render(ReplicaPlan plan)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"state: {plan.State}\n");
        text.Append(CultureInfo.InvariantCulture, $"message: {plan.Message}\n");
        text.Append(CultureInfo.InvariantCulture, $"container: {plan.ContainerId ?? "-"}\n");
        text.Append(CultureInfo.InvariantCulture, $"exit-code: {(plan.ExitCode?.ToString(CultureInfo.InvariantCulture) ?? "-")}\n");
        text.Append(CultureInfo.InvariantCulture, $"recheck-after: {(plan.RecheckAfter is { } r ? r.ToString("c", CultureInfo.InvariantCulture) : "-")}\n");
        text.Append(CultureInfo.InvariantCulture, $"history: failures={plan.History.ConsecutiveFailures} restarts={plan.History.RestartCount}");
        text.Append(plan.History.Serving is { } since ? string.Create(CultureInfo.InvariantCulture, $" serving={since.ContainerId}@{since.Since:O}\n") : "\n");
        text.Append(CultureInfo.InvariantCulture, $"serving: {(plan.Serving is { } s ? $"{s.Id} {s.OverlayAddress ?? "-"}" : "-")}\n");
        text.Append("actions:\n");
        foreach (var action in plan.Actions)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {action}\n");
        }
        return text.ToString();
    }

    private static (DesiredReplica?, List<ObservedContainer>, ReplicaMemory, DateTimeOffset) ReadInput(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var now = root.GetProperty("now").GetDateTimeOffset();
        DesiredReplica? desired = null;
        if (root.TryGetProperty("desired", out var d) && d.ValueKind == JsonValueKind.Object)
        {
            desired = DesiredReplica.From(JsonParser.Default.Parse<ReplicaAssignment>(d.GetRawText()));
        }
        var containers = new List<ObservedContainer>();
        foreach (var c in root.GetProperty("containers").EnumerateArray())
        {
            containers.Add(new ObservedContainer(
                c.GetProperty("id").GetString()!,
                c.GetProperty("id").GetString()!,
                ReplicaId.Parse(c.GetProperty("replica").GetString()!),
                c.GetProperty("specHash").GetString()!,
                Enum.Parse<ContainerRunState>(c.GetProperty("state").GetString()!, ignoreCase: true),
                c.TryGetProperty("health", out var h) ? Enum.Parse<HealthState>(h.GetString()!, ignoreCase: true) : HealthState.None,
                c.TryGetProperty("exitCode", out var e) ? e.GetInt32() : 0,
                Time(c, "created"),
                Time(c, "startedAt"),
                Time(c, "finishedAt"),
                !c.TryGetProperty("onAppNetwork", out var n) || n.GetBoolean(),
                c.TryGetProperty("overlayAddress", out var a) ? a.GetString() : null)
            {
                Listening = c.TryGetProperty("listening", out var l) ? l.GetBoolean() : null,
            });
        }
        var history = ReplicaMemory.None;
        if (root.TryGetProperty("history", out var hist))
        {
            history = new ReplicaMemory(
                hist.GetProperty("consecutiveFailures").GetInt32(),
                Time(hist, "lastCountedExit"),
                hist.GetProperty("restartCount").GetInt32())
            {
                Serving = hist.TryGetProperty("serving", out var serving)
                    ? new ServingSince(serving.GetProperty("containerId").GetString()!, Time(serving, "since"))
                    : null,
            };
        }
        return (desired, containers, history, now);
    }

    private static DateTimeOffset Time(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? value.GetDateTimeOffset() : default;

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file)!)!;
}
