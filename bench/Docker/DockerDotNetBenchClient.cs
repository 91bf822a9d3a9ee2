using Docker.DotNet;
using Docker.DotNet.Models;
using Docker.DotNet.NativeHttp;
using Docker.DotNet.Unix;

namespace Codemason.Bench.Docker;

/// <summary>
/// Docker.DotNet.Enhanced (the fork Testcontainers maintains) with one of its two Unix-socket transports, pinned to
/// the API version our client negotiated so both sides send the same paths.
/// </summary>
internal sealed class DockerDotNetBenchClient : IBenchDockerClient
{
    private readonly DockerClient _client;

    private DockerDotNetBenchClient(DockerClient client, string label, string tag)
    {
        _client = client;
        Label = label;
        Tag = tag;
    }

    public string Label { get; }

    public string Tag { get; }

    /// <summary>
    /// The library's default for <c>unix://</c>: its own HTTP/1.1 implementation (<c>ManagedHandler</c>,
    /// Microsoft.Net.Http.Client) over a socket it opens.
    /// </summary>
    public static DockerDotNetBenchClient WithUnixTransport(Uri endpoint, System.Version apiVersion) =>
        new(new DockerClientBuilder()
                .WithEndpoint(endpoint)
                .WithApiVersion(apiVersion)
                .WithTransportOptions(new UnixSocketTransportOptions())
                .Build(),
            "Docker.DotNet.Enhanced, Unix transport",
            "du");

    /// <summary>Its opt-in transport: .NET's own <c>SocketsHttpHandler</c>, as ours uses.</summary>
    public static DockerDotNetBenchClient WithNativeHttpTransport(Uri endpoint, System.Version apiVersion) =>
        new(new DockerClientBuilder()
                .WithEndpoint(endpoint)
                .WithApiVersion(apiVersion)
                .WithTransportOptions(new NativeHttpTransportOptions())
                .Build(),
            "Docker.DotNet.Enhanced, NativeHttp transport",
            "dn");

    public async Task<string> CreateAsync(string image, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken)
    {
        var created = await _client.Containers.CreateContainerAsync(
            new CreateContainerParameters
            {
                Image = image,
                Name = name,
                Cmd = ["sleep", "3600"],
                Labels = labels.ToDictionary(),
            },
            cancellationToken);
        return created.ID;
    }

    public Task StartAsync(string id, CancellationToken cancellationToken) =>
        _client.Containers.StartContainerAsync(id, new ContainerStartParameters(), cancellationToken);

    public Task RemoveAsync(string id, CancellationToken cancellationToken) =>
        _client.Containers.RemoveContainerAsync(id, new ContainerRemoveParameters { Force = true }, cancellationToken);

    public Task InspectAsync(string id, CancellationToken cancellationToken) =>
        _client.Containers.InspectContainerAsync(id, cancellationToken);

    public void Dispose() => _client.Dispose();
}
