using Codemason.Docker.Events;

namespace Codemason.Docker.Engine;

/// <summary>Calls about the engine itself: ping, version, info and the event stream.</summary>
public interface IEngineOperations
{
    /// <summary><c>GET /_ping</c>. Retried on transient failures.</summary>
    /// <exception cref="Errors.DockerEngineUnavailableException">The engine does not answer.</exception>
    Task<EnginePing> PingAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /version</c> (unversioned path). Retried on transient failures.</summary>
    Task<EngineVersion> GetVersionAsync(CancellationToken cancellationToken = default);

    /// <summary><c>GET /info</c>. Retried on transient failures.</summary>
    Task<EngineInfo> GetInfoAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// <c>GET /events</c> as a stream, parsed one line at a time as events arrive. Runs until
    /// <see cref="EventsQuery.Until"/> passes or the token is cancelled (then it throws
    /// <see cref="OperationCanceledException"/>). Not retried: a consumer that resumes should pass
    /// the last event's time as <see cref="EventsQuery.Since"/>.
    /// </summary>
    IAsyncEnumerable<DockerEvent> StreamEventsAsync(EventsQuery? query = null, CancellationToken cancellationToken = default);
}
