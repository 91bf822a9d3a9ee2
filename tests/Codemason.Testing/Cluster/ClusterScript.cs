using System.Diagnostics;

namespace Codemason.Testing.Cluster;

/// <summary>Runs <c>scripts/cluster.sh</c>, the one implementation of the harness that <c>make cluster</c> uses too.</summary>
internal static class ClusterScript
{
    public static string Path => System.IO.Path.Combine(Processes.ProcessLauncher.RepositoryRoot, "scripts", "cluster.sh");

    /// <summary>Runs <c>cluster.sh --name NAME --dir DIR COMMAND ARGS</c>; returns its exit code, stdout and stderr.</summary>
    public static async Task<(int Code, string Output, string Error)> RunAsync(string name, string stateDirectory, string command,
        IEnumerable<string> arguments, CancellationToken cancellationToken, string? dataSize = null)
    {
        var start = new ProcessStartInfo(Path)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Processes.ProcessLauncher.RepositoryRoot,
        };
        string[] options = dataSize is null ? ["--name", name, "--dir", stateDirectory] : ["--name", name, "--dir", stateDirectory, "--data-size", dataSize];
        foreach (var argument in options.Append(command).Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start) ?? throw new InvalidOperationException($"cannot start {Path}");
        var output = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var error = process.StandardError.ReadToEndAsync(CancellationToken.None);
        try
        {
            await process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // The script is stopped by its pid; the caller runs `down` for whatever it had made.
            process.Kill(entireProcessTree: false);
            await process.WaitForExitAsync(CancellationToken.None);
            throw;
        }
        return (process.ExitCode, await output, await error);
    }
}
