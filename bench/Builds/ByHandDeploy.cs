using System.Globalization;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;
using Codemason.Controller.Builds;

namespace Codemason.Bench.Builds;

/// <summary>
/// The baseline of push → running: what a user types without Codemason on the same engine — <c>docker build</c> of the
/// same source and the same Dockerfile Codemason generates (the classic builder, as the agent uses, with the agent's
/// default build limits), <c>docker push</c> to a registry (<see cref="ByHandRegistry"/>, on loopback) and
/// <c>docker pull</c> of the pushed reference (cheap when the layers are on the engine, as they are on the node that
/// built them), then <c>docker rm -f</c> of the old container and <c>docker run -d</c> of the new image on the same port.
/// </summary>
internal sealed class ByHandDeploy(BenchContext context, string directory, string environment, int port, ByHandRegistry registry)
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    private static readonly Dictionary<string, string> ClassicBuilder = new() { ["DOCKER_BUILDKIT"] = "0" };

    /// <summary>
    /// The image repository every tag of the baseline goes to, in <see cref="ByHandRegistry"/>; the local images are
    /// removed by the benchmark's label at the end, the registry's with its volume.
    /// </summary>
    public string Repository => $"{registry.Address}/codemason-bench/{context.RunId[^8..]}/byhand";

    /// <summary>The loopback port the baseline's container is published on.</summary>
    public int Port => port;

    public string Container => $"codemason-bench-byhand-{context.RunId[^8..]}";

    /// <summary>Writes the source (VERSION) and the generated Dockerfile next to it.</summary>
    public async Task WriteAsync(string version, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "VERSION"), version, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "mason.json"),
            BuildApps.MasonJson("byhand", context.TestImage, BuildApps.PageCommands, BuildApps.HttpdCommand, port), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "Dockerfile"), BuildPlanner.Generate(context.TestImage, BuildApps.PageCommands), cancellationToken);
    }

    /// <summary>
    /// <c>docker build</c>, <c>docker push</c>, <c>docker pull</c>, then replace the running container: returns when
    /// <c>docker run</c> returned.
    /// </summary>
    public async Task BuildAndRunAsync(string tag, CancellationToken cancellationToken)
    {
        // The agent's defaults (docs/builds.md): half the node's CPUs as a hard cap, 2048 MiB without swap.
        var quota = Math.Max(10_000, Environment.ProcessorCount * 100_000 / 2);
        await PeerCommand.CheckedAsync("docker",
        [
            "build", "-q", "-t", $"{Repository}:{tag}",
            "--cpu-period", "100000", "--cpu-quota", quota.ToString(CultureInfo.InvariantCulture), "--memory", "2048m", "--memory-swap", "2048m",
            "--label", $"{BenchContext.TestLabel}={context.RunId}", "--label", $"codemason.environment={environment}",
            "--label", "codemason.app=byhand", "--label", $"codemason.service={BuildApps.Service}",
            ".",
        ], CommandLimit, cancellationToken, ClassicBuilder, directory);
        await PeerCommand.CheckedAsync("docker", ["push", "-q", $"{Repository}:{tag}"], CommandLimit, cancellationToken);
        await PeerCommand.CheckedAsync("docker", ["pull", "-q", $"{Repository}:{tag}"], CommandLimit, cancellationToken);
        await PeerCommand.RunAsync("docker", ["rm", "-f", Container], CommandLimit, cancellationToken);
        await PeerCommand.CheckedAsync("docker",
        [
            "run", "-d", "--name", Container, "--label", $"{BenchContext.TestLabel}={context.RunId}",
            "-p", $"127.0.0.1:{port}:8080", $"{Repository}:{tag}", "httpd", "-f", "-p", "8080", "-h", "/app",
        ], CommandLimit, cancellationToken);
    }

    public Task RemoveAsync(CancellationToken cancellationToken) =>
        PeerCommand.RunAsync("docker", ["rm", "-f", Container], CommandLimit, cancellationToken);
}
