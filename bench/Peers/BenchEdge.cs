using Codemason.Bench.Harness;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Errors;

namespace Codemason.Bench.Peers;

/// <summary>The edge proxy as the benchmarks give it to an environment: its image, the controller's arguments, and what it leaves behind.</summary>
internal static class BenchEdge
{
    /// <summary><c>CODEMASON_EDGE_IMAGE</c>, else <c>local/edge:latest</c> (<c>make engine</c> builds it).</summary>
    public static string Image => Environment.GetEnvironmentVariable("CODEMASON_EDGE_IMAGE") ?? "local/edge:latest";

    /// <summary><see cref="Image"/> when the engine has it, else null.</summary>
    public static async Task<string?> FindImageAsync(IDockerClient client, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        try
        {
            await client.Images.InspectAsync(Image, cancellationToken);
            return Image;
        }
        catch (DockerNotFoundException)
        {
            return null;
        }
    }

    /// <summary>Controller arguments that run <paramref name="image"/> as the environment's edge on free ports; returns them and the HTTP port.</summary>
    public static (IReadOnlyList<string> Arguments, int HttpPort) ControllerArguments(string image)
    {
        var http = FreePorts.Next();
        return ([$"--Edge:Image={image}", $"--Edge:HttpPort={http}", $"--Edge:HttpsPort={FreePorts.Next()}", $"--Edge:MetricsPort={FreePorts.Next()}"], http);
    }

    /// <summary>
    /// Removes an environment's edge container and its volume, once its agent has stopped (the agent removes the container
    /// when the routes go but keeps the volume, and the harness's sweep removes containers and networks only).
    /// </summary>
    public static async Task RemoveLeftoversAsync(IDockerClient client, string environment)
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
