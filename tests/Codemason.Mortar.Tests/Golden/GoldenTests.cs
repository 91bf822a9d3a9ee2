namespace Codemason.Mortar.Tests.Golden;

/// <summary>
/// mason.json → normalised model or error list, one folder per case under TestData.
/// Set UPDATE_GOLDEN=1 to rewrite the expected files from the current output (review the diff before committing).
/// </summary>
[TestFixture]
public sealed class GoldenTests
{
    private static readonly bool Update = Environment.GetEnvironmentVariable("UPDATE_GOLDEN") == "1";

    public static IEnumerable<GoldenCase> Cases() => GoldenCase.All();

    [TestCaseSource(nameof(Cases))]
    [CancelAfter(30_000)]
    public async Task Process_GoldenCase_MatchesExpected(GoldenCase golden, CancellationToken cancellationToken)
    {
        var result = await golden.RunAsync(cancellationToken);
        var expectedJson = Path.Combine(golden.Directory, "expected.json");
        var expectedErrors = Path.Combine(golden.Directory, "expected-errors.txt");
        var actual = result.Succeeded ? GoldenCase.Render(result.App!) : GoldenCase.Render(result.Errors);
        var target = result.Succeeded ? expectedJson : expectedErrors;
        if (Update)
        {
            File.Delete(expectedJson);
            File.Delete(expectedErrors);
            await File.WriteAllTextAsync(target, actual, cancellationToken);
            var source = Path.Combine(FindSourceTestData(), golden.Name);
            File.Delete(Path.Combine(source, "expected.json"));
            File.Delete(Path.Combine(source, "expected-errors.txt"));
            await File.WriteAllTextAsync(Path.Combine(source, Path.GetFileName(target)), actual, cancellationToken);
            Assert.Pass("golden file updated");
        }
        Assert.That(File.Exists(target), Is.True,
            $"{golden.Name}: expected {(result.Succeeded ? "errors" : "success")}, got {(result.Succeeded ? "a normalised app" : "errors")}:\n{actual}");
        Assert.That(actual, Is.EqualTo(await File.ReadAllTextAsync(target, cancellationToken)));
    }

    [Test]
    public void Cases_Count_AtLeastFortyMalformedInputs()
    {
        var failing = GoldenCase.All().Count(c => File.Exists(Path.Combine(c.Directory, "expected-errors.txt")));
        Assert.That(failing, Is.GreaterThanOrEqualTo(40));
    }

    private static string FindSourceTestData()
    {
        for (var dir = new DirectoryInfo(TestContext.CurrentContext.TestDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "Codemason.Mortar.Tests.csproj");
            if (File.Exists(candidate))
            {
                return Path.Combine(dir.FullName, "TestData");
            }
        }
        throw new DirectoryNotFoundException("tests/Codemason.Mortar.Tests not found above the test output directory");
    }
}
