using System.Diagnostics;
using Codemason.Testing.Processes;

namespace Codemason.Testing;

/// <summary>
/// Restarts the Docker engine through <c>scripts/restart-dockerd.sh</c>, which restarts only an engine this project's
/// scripts started. For the tests of Category Disruptive, which scripts/run-tests.sh runs alone.
/// </summary>
public static class EngineRestart
{
    /// <summary>The script's exit code when the engine is not this project's to restart.</summary>
    public const int NotOurs = 3;

    /// <summary>Stops dockerd and starts it again; returns the script's exit code and output.</summary>
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken cancellationToken)
    {
        var root = ProcessLauncher.RepositoryRoot;
        var start = ProcessLauncher.Create(null, Path.Combine(root, "scripts", "restart-dockerd.sh"), []);
        start.WorkingDirectory = root;
        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return (process.ExitCode, await error + output);
    }
}
