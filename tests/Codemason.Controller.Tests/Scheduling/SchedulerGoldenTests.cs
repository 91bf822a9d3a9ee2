using Codemason.Controller.Scheduling;

namespace Codemason.Controller.Tests.Scheduling;

/// <summary>
/// Golden cases for <see cref="Scheduler"/>: TestData/Scheduling/&lt;case&gt;/input.json (nodes, services,
/// current placements; see <see cref="SchedulingCaseReader"/>) → expected.txt (assignments and moves).
/// Set UPDATE_GOLDEN=1 to rewrite the expected files from the current scheduler, then review the diff.
/// </summary>
public sealed class SchedulerGoldenTests
{
    private static readonly string CasesRoot = Path.Combine(TestContext.CurrentContext.TestDirectory, "TestData", "Scheduling");

    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(CasesRoot).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Cases))]
    public void Schedule_GoldenCase_MatchesExpected(string name)
    {
        var directory = Path.Combine(CasesRoot, name);
        var request = SchedulingCaseReader.Read(File.ReadAllText(Path.Combine(directory, "input.json")));

        var actual = SchedulingCaseReader.Render(Scheduler.Schedule(request));

        if (System.Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1")
        {
            File.WriteAllText(Path.Combine(SourceRoot(), "TestData", "Scheduling", name, "expected.txt"), actual);
        }
        Assert.That(actual, Is.EqualTo(File.ReadAllText(Path.Combine(directory, "expected.txt"))), $"case {name}");
    }

    [TestCaseSource(nameof(Cases))]
    public void Schedule_GoldenCaseTwiceAndReversed_SameResult(string name)
    {
        var request = SchedulingCaseReader.Read(File.ReadAllText(Path.Combine(CasesRoot, name, "input.json")));
        var reversed = request with
        {
            Nodes = [.. request.Nodes.Reverse()],
            Services = [.. request.Services.Reverse()],
            Placements = [.. request.Placements.Reverse()],
        };

        var first = SchedulingCaseReader.Render(Scheduler.Schedule(request));
        var second = SchedulingCaseReader.Render(Scheduler.Schedule(request));
        var third = SchedulingCaseReader.Render(Scheduler.Schedule(reversed));

        Assert.Multiple(() =>
        {
            Assert.That(second, Is.EqualTo(first));
            Assert.That(third, Is.EqualTo(first));
        });
    }

    [Test]
    public void Cases_Exist_AtLeastTwentyFive()
    {
        Assert.That(Cases().Count(), Is.GreaterThanOrEqualTo(25));
    }

    private static string SourceRoot([System.Runtime.CompilerServices.CallerFilePath] string file = "") =>
        Path.GetDirectoryName(Path.GetDirectoryName(file)!)!;
}
