using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Docker;

/// <summary>Our client: one <see cref="DockerClient"/> (one pooled <c>SocketsHttpHandler</c>) shared by all workers.</summary>
internal sealed class CodemasonBenchClient(DockerClient client) : IBenchDockerClient
{
    public string Label => "Codemason.Docker";

    public string Tag => "o";

    public async Task<string> CreateAsync(string image, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var request = new ContainerCreateRequest(image) { Name = name, Cmd = ["sleep", "3600"], Labels = labels };
        var created = await client.Containers.CreateAsync(request, cancellationToken);
        return created.Id;
    }

    public Task StartAsync(string id, CancellationToken cancellationToken) => client.Containers.StartAsync(id, cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        client.Containers.RemoveAsync(id, force: true, cancellationToken: cancellationToken);

    public Task InspectAsync(string id, CancellationToken cancellationToken) => client.Containers.InspectAsync(id, cancellationToken);

    // The benchmark owns the client: it also starts the inspect targets with it.
    public void Dispose()
    {
    }
}
