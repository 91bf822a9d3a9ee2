namespace Codemason.Bench.Harness;

/// <summary>Where the repository's built programs are, found from the bench's own location.</summary>
public static class RepoPaths
{
    /// <summary>The folder holding Codemason.Agent.sln.</summary>
    public static string Root
    {
        get
        {
            for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Codemason.Agent.sln")))
                {
                    return dir.FullName;
                }
            }
            throw new InvalidOperationException("cannot find the repository root (Codemason.Agent.sln) above " + AppContext.BaseDirectory);
        }
    }

    /// <summary>
    /// A built program: <c>&lt;root&gt;/&lt;project&gt;/bin/&lt;configuration&gt;/net10.0/&lt;name&gt;</c>, Release first — for the agent and
    /// mason, the shipped ahead-of-time build when <c>CODEMASON_AGENT_BINARY</c> / <c>CODEMASON_MASON_BINARY</c> names it.
    /// </summary>
    public static string Program(string project, string name)
    {
        // The agent and the CLI as they ship (ahead-of-time builds) when make bench published them.
        var shippedVariable = project switch { "agent" => "CODEMASON_AGENT_BINARY", "cli" => "CODEMASON_MASON_BINARY", _ => null };
        if (shippedVariable is not null && Environment.GetEnvironmentVariable(shippedVariable) is { Length: > 0 } shipped)
        {
            return shipped;
        }
        foreach (var configuration in new[] { "Release", "Debug" })
        {
            var path = Path.Combine(Root, project, "bin", configuration, "net10.0", name);
            if (File.Exists(path))
            {
                return path;
            }
        }
        throw new FileNotFoundException($"{name} is not built; run `make build` first", name);
    }
}
