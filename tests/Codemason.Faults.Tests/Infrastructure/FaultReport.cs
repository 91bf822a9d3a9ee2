using System.Text;

namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>
/// The fault report: one entry per test — the fault, what was checked, the outcome and the figures
/// measured. Written to the test output and appended to <c>faults-report.md</c> in the test results
/// directory (<c>TEST_RESULTS_DIR</c>, else <c>.codemason/test-results</c>), which scripts/run-tests.sh
/// empties at the start of each run.
/// </summary>
public static class FaultReport
{
    private static readonly object Gate = new();

    public static string FilePath
    {
        get
        {
            var directory = System.Environment.GetEnvironmentVariable("TEST_RESULTS_DIR") is { Length: > 0 } configured
                ? configured
                : Path.Combine(ProcessLauncher.RepositoryRoot, ".codemason", "test-results");
            return Path.Combine(directory, "faults-report.md");
        }
    }

    public static void Append(string test, string fault, IReadOnlyList<string> checks, string outcome, IReadOnlyList<string> figures)
    {
        var entry = new StringBuilder();
        entry.AppendLine($"## {fault}").AppendLine();
        entry.AppendLine($"- test: `{test}`");
        entry.AppendLine($"- outcome: **{outcome}**");
        entry.AppendLine($"- at: {DateTimeOffset.UtcNow:yyyy-MM-dd HH:mm:ss} UTC");
        if (checks.Count > 0)
        {
            entry.AppendLine("- checked:");
            foreach (var check in checks)
            {
                entry.AppendLine($"  - {check}");
            }
        }
        if (figures.Count > 0)
        {
            entry.AppendLine("- measured:");
            foreach (var figure in figures)
            {
                entry.AppendLine($"  - {figure}");
            }
        }
        entry.AppendLine();
        var text = entry.ToString();
        TestContext.Out.Write(text);
        lock (Gate)
        {
            var path = FilePath;
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            if (!File.Exists(path))
            {
                File.WriteAllText(path, "# Fault tests\n\nReal controller and agent processes on the real engine. One entry per fault test run.\n\n");
            }
            File.AppendAllText(path, text);
        }
    }
}
