using System.Diagnostics;
using Codemason.Docker;
using Codemason.Docker.Errors;

namespace Codemason.Bench.Harness;

/// <summary>Removes whatever a benchmark left on the engine with this run's test label.</summary>
internal static class EngineSweeper
{
    public static async Task RemoveLabelledAsync(string runId, CancellationToken cancellationToken)
    {
        var filter = $"label={BenchContext.TestLabel}={runId}";
        var containers = await DockerCliAsync(["ps", "-aq", "--filter", filter], cancellationToken);
        var ids = containers.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        if (ids.Length > 0)
        {
            await DockerCliAsync(["rm", "-f", .. ids], cancellationToken);
        }
        var networks = await DockerCliAsync(["network", "ls", "-q", "--filter", filter], cancellationToken);
        foreach (var id in networks.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            await DockerCliAsync(["network", "rm", id], cancellationToken);
        }
    }

    /// <summary>
    /// Removes a network a benchmark made. Engine 20.10 can refuse with "active endpoints" for a while after its
    /// containers were removed (moby#43286): retried for up to 10 s; returns null when removed, otherwise the
    /// engine's last refusal (the run's final sweep tries again).
    /// </summary>
    public static async Task<string?> RemoveNetworkAsync(IDockerClient client, string id, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await client.Networks.RemoveAsync(id, cancellationToken);
                return null;
            }
            catch (DockerException e) when (e.Message.Contains("active endpoints", StringComparison.Ordinal))
            {
                if (attempt == 20)
                {
                    return e.Message;
                }
                await Task.Delay(500, cancellationToken);
            }
        }
    }

    private static async Task<string> DockerCliAsync(string[] args, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo("docker") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }
        using var process = Process.Start(info)!;
        var output = await process.StandardOutput.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return output;
    }
}
