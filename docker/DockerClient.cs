using Codemason.Docker.Containers;
using Codemason.Docker.Engine;
using Codemason.Docker.Images;
using Codemason.Docker.Networks;
using Codemason.Docker.Transport;
using Codemason.Docker.Volumes;

namespace Codemason.Docker;

/// <summary>The Docker Engine API client over a Unix socket or TCP. See <see cref="IDockerClient"/>.</summary>
public sealed class DockerClient : IDockerClient
{
    private readonly DockerTransport _transport;

    /// <summary>A client with default options: <c>DOCKER_HOST</c>, else <c>/var/run/docker.sock</c>.</summary>
    public DockerClient()
        : this(new DockerClientOptions())
    {
    }

    /// <summary>A client with the given options.</summary>
    /// <param name="options">Where and how to reach the engine.</param>
    /// <param name="timeProvider">Clock for retry delays and polling. Default <see cref="TimeProvider.System"/>.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public DockerClient(DockerClientOptions options, TimeProvider? timeProvider = null)
        : this(options, timeProvider, handler: null)
    {
    }

    internal DockerClient(DockerClientOptions options, TimeProvider? timeProvider, HttpMessageHandler? handler)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException("Invalid Docker client options: " + string.Join("; ", errors), nameof(options));
        }
        timeProvider ??= TimeProvider.System;
        _transport = new DockerTransport(options, timeProvider, handler);
        Engine = new EngineOperations(_transport);
        Images = new ImageOperations(_transport);
        Containers = new ContainerOperations(_transport, timeProvider);
        Networks = new NetworkOperations(_transport);
        Volumes = new VolumeOperations(_transport);
    }

    /// <inheritdoc />
    public DockerEndpoint Endpoint => _transport.Endpoint;

    /// <inheritdoc />
    public IEngineOperations Engine { get; }

    /// <inheritdoc />
    public IImageOperations Images { get; }

    /// <inheritdoc />
    public IContainerOperations Containers { get; }

    /// <inheritdoc />
    public INetworkOperations Networks { get; }

    /// <inheritdoc />
    public IVolumeOperations Volumes { get; }

    /// <inheritdoc />
    public async Task<DockerApiVersion> GetApiVersionAsync(CancellationToken cancellationToken = default) =>
        await _transport.GetApiVersionAsync(cancellationToken);

    /// <summary>Closes the connections to the engine.</summary>
    public void Dispose() => _transport.Dispose();
}
