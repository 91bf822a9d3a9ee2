using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Commands.Validate;

/// <summary>Golden cases: TestData/validate/&lt;case&gt;/{mason.json, expected.stdout, expected.stderr, exit-code}.</summary>
[CancelAfter(20000)]
public class ValidateGoldenTests
{
    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(RepoPaths.TestData("validate")).Select(Path.GetFileName).Order(StringComparer.Ordinal)!;

    [TestCaseSource(nameof(Cases))]
    public async Task Validate_GoldenCase_PrintsExactOutputAndExitCode(string name)
    {
        var folder = RepoPaths.TestData("validate", name);
        using var temp = new TempDirectory();
        File.Copy(Path.Combine(folder, "mason.json"), temp.Combine("mason.json"));
        var mason = new InProcessMason(temp.Path);

        var result = await mason.RunAsync("validate");

        Assert.Multiple(() =>
        {
            Assert.That(result.Stdout, Is.EqualTo(File.ReadAllText(Path.Combine(folder, "expected.stdout"))), result.ToString());
            Assert.That(result.Stderr, Is.EqualTo(File.ReadAllText(Path.Combine(folder, "expected.stderr"))), result.ToString());
            Assert.That(result.ExitCode, Is.EqualTo(int.Parse(File.ReadAllText(Path.Combine(folder, "exit-code")), System.Globalization.CultureInfo.InvariantCulture)));
        });
    }
}
