namespace Codemason.Bench.Docker;

/// <summary>
/// The four engine calls the docker-client benchmark times, made through one Docker Engine API client library.
/// Each side of the A/B is one implementation, so every library runs the very same workload code.
/// </summary>
internal interface IBenchDockerClient : IDisposable
{
    /// <summary>How the side is named in the figures, e.g. "Codemason.Docker".</summary>
    string Label { get; }

    /// <summary>Short tag used in container names, unique among the sides.</summary>
    string Tag { get; }

    /// <summary><c>POST /containers/create</c> of <c>sleep 3600</c> with the run's label; returns the id.</summary>
    Task<string> CreateAsync(string image, string name, IReadOnlyDictionary<string, string> labels, CancellationToken cancellationToken);

    /// <summary><c>POST /containers/{id}/start</c>.</summary>
    Task StartAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>DELETE /containers/{id}?force=true</c>.</summary>
    Task RemoveAsync(string id, CancellationToken cancellationToken);

    /// <summary><c>GET /containers/{id}/json</c>, answer deserialized as the library does.</summary>
    Task InspectAsync(string id, CancellationToken cancellationToken);
}
