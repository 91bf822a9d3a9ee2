namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>Where the repository and its build outputs are, found from the test assembly's location.</summary>
public static class RepoPaths
{
    private static readonly Lazy<string> LazyRoot = new(() =>
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "Codemason.Agent.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("repository root (Codemason.Agent.sln) not found above " + AppContext.BaseDirectory);
    });

    public static string Root => LazyRoot.Value;

    /// <summary>Debug or Release, as the tests were built.</summary>
    public static string Configuration =>
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string TestData(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "TestData", .. parts]);
}
