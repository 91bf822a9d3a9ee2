using System.Diagnostics;

namespace Codemason.Controller.Tests.Git;

/// <summary>
/// The real git command line for tests: its own HOME (no user config), never a terminal prompt, identity and default
/// branch fixed. Credentials travel in the remote URL.
/// </summary>
internal sealed class GitClient : IDisposable
{
    private readonly TempDirectory _home = new();

    /// <summary>A fresh folder under the client's home.</summary>
    public string NewFolder(string name)
    {
        var path = Path.Combine(_home.Path, name);
        Directory.CreateDirectory(path);
        return path;
    }

    /// <summary>The URL of a remote on <paramref name="controller"/> with <paramref name="token"/> as the password (none: no credentials).</summary>
    public static string RemoteUrl(Uri controller, string environment, string app, string? token) => token is null
        ? $"http://{controller.Authority}/git/{environment}/{app}.git"
        : $"http://git:{Uri.EscapeDataString(token)}@{controller.Authority}/git/{environment}/{app}.git";

    /// <summary>Runs git in <paramref name="directory"/> to the end.</summary>
    public async Task<(int ExitCode, string Output, string Error)> RunAsync(string directory, params string[] arguments)
    {
        using var process = Start(directory, arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await output, await error);
    }

    /// <summary>Runs git and fails the test unless it exits with 0; returns its stdout.</summary>
    public async Task<string> RunCheckedAsync(string directory, params string[] arguments)
    {
        var (exitCode, output, error) = await RunAsync(directory, arguments);
        Assert.That(exitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {error}");
        return output;
    }

    /// <summary>Starts git with stdout and stderr redirected.</summary>
    public Process Start(string directory, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var name in start.Environment.Keys.Where(k => k.StartsWith("GIT_", StringComparison.Ordinal)).ToList())
        {
            start.Environment.Remove(name);
        }
        start.Environment["HOME"] = _home.Path;
        start.Environment["XDG_CONFIG_HOME"] = _home.Path;
        start.Environment["GIT_CONFIG_NOSYSTEM"] = "1";
        start.Environment["GIT_TERMINAL_PROMPT"] = "0";
        start.Environment["GIT_AUTHOR_NAME"] = start.Environment["GIT_COMMITTER_NAME"] = "Test";
        start.Environment["GIT_AUTHOR_EMAIL"] = start.Environment["GIT_COMMITTER_EMAIL"] = "test@example.com";
        start.Environment["LC_ALL"] = "C";
        return Process.Start(start)!;
    }

    /// <summary>A working tree with one commit on main holding <paramref name="files"/>; returns its folder and the commit.</summary>
    public async Task<(string Folder, string Commit)> CommitAsync(string name, IReadOnlyDictionary<string, string> files)
    {
        var folder = NewFolder(name);
        await RunCheckedAsync(folder, "init", "--quiet", "--initial-branch=main");
        foreach (var (path, text) in files)
        {
            await File.WriteAllTextAsync(Path.Combine(folder, path), text);
        }
        await RunCheckedAsync(folder, "add", "--all");
        await RunCheckedAsync(folder, "commit", "--quiet", "-m", "first");
        return (folder, (await RunCheckedAsync(folder, "rev-parse", "HEAD")).Trim());
    }

    public void Dispose() => _home.Dispose();
}
