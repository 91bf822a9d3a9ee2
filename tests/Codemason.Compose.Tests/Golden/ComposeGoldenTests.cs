using Codemason.Mortar;
using Codemason.Mortar.Validation;

namespace Codemason.Compose.Tests.Golden;

/// <summary>
/// One folder per case under TestData: <c>docker-compose.yml</c> (plus the <c>.env</c> and env files it reads, and
/// optionally <c>process.env</c> standing for the process environment and <c>profiles</c>, one per line), converted and
/// compared exactly with <c>expected.json</c> and <c>expected.diagnostics</c> (one line per warning or error; absent
/// means none). Set CODEMASON_UPDATE_GOLDEN=1 to write the expected files from the output, then review them.
/// </summary>
[CancelAfter(10000)]
public class ComposeGoldenTests
{
    private static readonly string Root = Path.Combine(AppContext.BaseDirectory, "TestData");

    public static IEnumerable<string> Cases() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(c => !c.StartsWith("bad-", StringComparison.Ordinal)).Order();

    public static IEnumerable<string> BadCases() =>
        Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>().Where(c => c.StartsWith("bad-", StringComparison.Ordinal)).Order();

    [TestCaseSource(nameof(Cases))]
    public void Convert_Case_MatchesGoldenMasonJsonAndDiagnostics(string name)
    {
        var directory = Path.Combine(Root, name);

        var conversion = Run(directory, name);

        Compare(directory, "expected.diagnostics", Diagnostics(conversion));
        Assert.That(conversion.IsSuccess, Is.True, Diagnostics(conversion));
        Compare(directory, "expected.json", conversion.MasonJson!);
        var golden = File.ReadAllText(Path.Combine(SourceDirectory(name), "expected.json"));
        var validation = MasonValidator.Validate(golden);
        Assert.That(validation.Errors, Is.Empty, "the golden mason.json passes Mortar's validation");
        var processed = MortarPipeline.Process(golden);
        Assert.That(processed.Errors.Where(e => e.Kind != MasonErrorKind.Question), Is.Empty, "and its pipeline");
    }

    [TestCaseSource(nameof(BadCases))]
    public void Convert_BadCase_ReportsErrorsAtTheirLineAndNoMasonJson(string name)
    {
        var directory = Path.Combine(Root, name);

        var conversion = Run(directory, name);

        Compare(directory, "expected.diagnostics", Diagnostics(conversion));
        Assert.That(conversion.MasonJson, Is.Null);
        Assert.That(conversion.Errors, Is.Not.Empty);
    }

    private static ComposeConversion Run(string directory, string name)
    {
        var process = File.Exists(Path.Combine(directory, "process.env"))
            ? File.ReadAllLines(Path.Combine(directory, "process.env")).Where(l => l.Contains('=', StringComparison.Ordinal))
                .ToDictionary(l => l[..l.IndexOf('=', StringComparison.Ordinal)], l => l[(l.IndexOf('=', StringComparison.Ordinal) + 1)..], StringComparer.Ordinal)
            : new Dictionary<string, string>(StringComparer.Ordinal);
        var diagnostics = new List<ComposeDiagnostic>();
        var envFiles = File.Exists(Path.Combine(directory, ".env")) ? [(".env", File.ReadAllText(Path.Combine(directory, ".env")))] : Array.Empty<(string, string)>();
        var variables = ProjectEnvironment.Merge(process.GetValueOrDefault, envFiles, diagnostics);
        Assert.That(diagnostics, Is.Empty, "the .env file reads cleanly");
        var profiles = File.Exists(Path.Combine(directory, "profiles")) ? File.ReadAllLines(Path.Combine(directory, "profiles")).Where(l => l.Length > 0).ToList() : [];
        return ComposeConverter.Convert(new ComposeInput
        {
            Text = File.ReadAllText(Path.Combine(directory, "docker-compose.yml")),
            FileName = "docker-compose.yml",
            DirectoryName = name,
            Variables = variables,
            Profiles = profiles,
            ReadFile = path => File.Exists(Path.Combine(directory, path)) ? File.ReadAllText(Path.Combine(directory, path)) : null,
        });
    }

    private static string Diagnostics(ComposeConversion conversion) =>
        string.Concat(conversion.Diagnostics.Select(d => d + "\n"));

    private static void Compare(string directory, string file, string actual)
    {
        var source = Path.Combine(SourceDirectory(Path.GetFileName(directory)), file);
        if (Environment.GetEnvironmentVariable("CODEMASON_UPDATE_GOLDEN") == "1")
        {
            if (actual.Length == 0)
            {
                File.Delete(source);
            }
            else
            {
                File.WriteAllText(source, actual);
            }
            return;
        }
        var path = Path.Combine(directory, file);
        var expected = File.Exists(path) ? File.ReadAllText(path) : string.Empty;
        Assert.That(actual, Is.EqualTo(expected), file);
    }

    /// <summary>The case's folder in the source tree (where the golden files are written from).</summary>
    private static string SourceDirectory(string name)
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Codemason.Compose.Tests.csproj")))
        {
            directory = directory.Parent;
        }
        return Path.Combine(directory?.FullName ?? throw new DirectoryNotFoundException("Codemason.Compose.Tests.csproj"), "TestData", name);
    }
}
