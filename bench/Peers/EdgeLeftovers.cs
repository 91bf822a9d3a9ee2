using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Peers;

/// <summary>
/// Removes an environment's edge container and its volume (the agent removes the container when the routes go, but
/// keeps the volume, and the harness's sweep removes containers and networks only).
/// </summary>
internal static class EdgeLeftovers
{
    public static async Task RemoveAsync(IDockerClient client, string environment)
    {
        ArgumentNullException.ThrowIfNull(client);
        var edge = DockerFilters.ByLabel("codemason.edge", environment);
        foreach (var c in await client.Containers.ListAsync(new ContainerListOptions { All = true, Filters = edge }, CancellationToken.None))
        {
            await client.Containers.RemoveAsync(c.Id, force: true, cancellationToken: CancellationToken.None);
        }
        foreach (var volume in await client.Volumes.ListAsync(edge, CancellationToken.None))
        {
            await client.Volumes.RemoveAsync(volume.Name, cancellationToken: CancellationToken.None);
        }
    }
}
