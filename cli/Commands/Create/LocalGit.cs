using System.Diagnostics;

namespace Codemason.Cli.Commands.Create;

/// <summary>Runs the user's <c>git</c> in a directory, with an argument list (never a shell).</summary>
internal sealed class LocalGit(string directory)
{
    /// <summary>Exit code and trimmed standard output of <c>git ARGS</c>; exit 127 when git is not installed.</summary>
    public async Task<(int ExitCode, string Output)> RunAsync(CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("git")
        {
            WorkingDirectory = directory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        try
        {
            using var process = Process.Start(start)!;
            var output = process.StandardOutput.ReadToEndAsync(ct);
            var error = process.StandardError.ReadToEndAsync(ct);
            await process.WaitForExitAsync(ct);
            await error;
            return (process.ExitCode, (await output).Trim());
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return (127, "");
        }
    }

    /// <summary>Whether the directory is inside a git work tree.</summary>
    public async Task<bool> IsRepositoryAsync(CancellationToken ct) =>
        (await RunAsync(ct, "rev-parse", "--is-inside-work-tree")) is (0, "true");
}
