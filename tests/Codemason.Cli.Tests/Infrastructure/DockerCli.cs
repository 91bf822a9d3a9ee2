using System.Diagnostics;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>The docker CLI as a test runs it to look at the engine: arguments as a list, stdout then stderr captured.</summary>
public static class DockerCli
{
    public static async Task<(int ExitCode, string Output)> RunAsync(CancellationToken ct, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(ct);
        var error = process.StandardError.ReadToEndAsync(ct);
        await process.WaitForExitAsync(ct);
        return (process.ExitCode, await output + await error);
    }
}
