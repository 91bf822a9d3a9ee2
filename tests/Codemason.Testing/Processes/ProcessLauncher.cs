using System.Diagnostics;

namespace Codemason.Testing.Processes;

/// <summary>Builds a process start, inside a network namespace when one is given (<c>ip netns exec</c> execs the program: same pid).</summary>
public static class ProcessLauncher
{
    public static ProcessStartInfo Create(string? networkNamespace, string program, IEnumerable<string> arguments)
    {
        var start = new ProcessStartInfo(networkNamespace is null ? program : "ip")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (networkNamespace is not null)
        {
            foreach (var argument in new[] { "netns", "exec", networkNamespace, program })
            {
                start.ArgumentList.Add(argument);
            }
        }
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        return start;
    }

    /// <summary>The dotnet host running the tests, to start framework-dependent dlls with.</summary>
    public static string Dotnet => Path.GetFileNameWithoutExtension(Environment.ProcessPath) == "dotnet" ? Environment.ProcessPath! : "dotnet";

    /// <summary>The repository root, found above the test assembly.</summary>
    public static string RepositoryRoot
    {
        get
        {
            for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
            {
                if (File.Exists(Path.Combine(directory.FullName, "Codemason.Agent.sln")))
                {
                    return directory.FullName;
                }
            }
            throw new InvalidOperationException("repository root (Codemason.Agent.sln) not found above " + AppContext.BaseDirectory);
        }
    }
}
