using Codemason.Docker.Containers;
using Codemason.Docker.Engine;
using Codemason.Docker.Images;
using Codemason.Docker.Networks;
using Codemason.Docker.Transport;
using Codemason.Docker.Volumes;

namespace Codemason.Docker;

/// <summary>
/// A typed client of the Docker Engine API. One instance holds one pooled connection set to the
/// engine and is safe to use from many threads at once; create one per process and reuse it.
/// </summary>
/// <remarks>
/// Failures surface as <see cref="Errors.DockerException"/> subclasses: not found (404), conflict
/// (409), bad request (400), engine unavailable (unreachable, 502/503/504), registry unavailable
/// (pulls). Idempotent reads are retried on transient failures; mutations only when the request
/// never reached the engine. Streams (logs, events, pull, exec output) are read as they arrive.
/// </remarks>
public interface IDockerClient : IDisposable
{
    /// <summary>Where the engine is reached.</summary>
    DockerEndpoint Endpoint { get; }

    /// <summary>Ping, version, info and the event stream.</summary>
    IEngineOperations Engine { get; }

    /// <summary>Images: list, inspect, pull, remove, tag.</summary>
    IImageOperations Images { get; }

    /// <summary>Containers: list, create, start, stop, kill, remove, inspect, wait, logs, exec, archive upload.</summary>
    IContainerOperations Containers { get; }

    /// <summary>Networks: create, list, inspect, connect, disconnect, remove.</summary>
    INetworkOperations Networks { get; }

    /// <summary>Volumes: create, list, inspect, remove.</summary>
    IVolumeOperations Volumes { get; }

    /// <summary>
    /// The API version in use: <see cref="DockerClientOptions.ApiVersion"/> when set, else negotiated
    /// once from <c>GET /version</c> as min(engine, <see cref="DockerApiVersion.MaxSupported"/>).
    /// </summary>
    /// <exception cref="Errors.DockerException">The engine speaks no version this client supports.</exception>
    Task<DockerApiVersion> GetApiVersionAsync(CancellationToken cancellationToken = default);
}
