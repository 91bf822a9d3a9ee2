using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Removes the images and volumes the benchmark made: those the agent built for the run's environment (labelled
/// <c>codemason.environment</c>) and the by-hand baseline's (labelled with the run's test label). Containers first,
/// with their anonymous volumes (the baseline's registry keeps its images in one): an image a container still uses is
/// not removed. Then the volumes with the run's label (the agent's registry for the environment). The harness's own
/// sweep removes nothing but containers and networks.
/// </summary>
internal static class BuildImages
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(2);

    /// <summary>Removes them; returns what could not be removed, or null.</summary>
    public static async Task<string?> RemoveAsync(BenchContext context, string environment, CancellationToken cancellationToken)
    {
        var problems = new List<string>();
        var containers = await IdsAsync(["ps", "-aq", "--filter", $"label={BenchContext.TestLabel}={context.RunId}"], cancellationToken);
        if (containers.Count > 0)
        {
            var removed = await PeerCommand.RunAsync("docker", ["rm", "-f", "-v", .. containers], CommandLimit, cancellationToken);
            if (!removed.Succeeded)
            {
                problems.Add(PeerCommand.Tail(removed.Output, 2));
            }
        }
        var images = (await IdsAsync(["images", "-q", "--filter", $"label=codemason.environment={environment}"], cancellationToken))
            .Concat(await IdsAsync(["images", "-q", "--filter", $"label={BenchContext.TestLabel}={context.RunId}"], cancellationToken))
            .Distinct(StringComparer.Ordinal)
            .ToList();
        if (images.Count > 0)
        {
            var removed = await PeerCommand.RunAsync("docker", ["rmi", "-f", .. images], CommandLimit, cancellationToken);
            if (!removed.Succeeded)
            {
                problems.Add(PeerCommand.Tail(removed.Output, 2));
            }
        }
        // The agent's registry for the run's environment keeps its images in a named volume with the run's label.
        var volumes = await IdsAsync(["volume", "ls", "-q", "--filter", $"label={BenchContext.TestLabel}={context.RunId}"], cancellationToken);
        if (volumes.Count > 0)
        {
            var removed = await PeerCommand.RunAsync("docker", ["volume", "rm", "-f", .. volumes], CommandLimit, cancellationToken);
            if (!removed.Succeeded)
            {
                problems.Add(PeerCommand.Tail(removed.Output, 2));
            }
        }
        return problems.Count == 0 ? null : string.Join("; ", problems);
    }

    private static async Task<List<string>> IdsAsync(string[] args, CancellationToken cancellationToken)
    {
        var listed = await PeerCommand.RunAsync("docker", args, CommandLimit, cancellationToken);
        return listed.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();
    }
}
