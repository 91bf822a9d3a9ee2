using Codemason.Proto.V1;

namespace Codemason.Controller.Api;

/// <summary>
/// Streams container logs from the agents (over their sessions, <c>LogRequest</c>/<c>LogChunk</c>). Implemented
/// by the dispatcher; until then <see cref="UnavailableLogBroker"/> answers that no agent is connected.
/// A node without a live session: throw <see cref="Errors.NodeUnavailableException"/> (UNAVAILABLE).
/// </summary>
public interface ILogBroker
{
    /// <summary>Lines of the replicas, merged in time order; with follow, keeps going until cancelled.</summary>
    IAsyncEnumerable<LogLine> StreamAsync(LogStreamRequest request, CancellationToken cancellationToken);
}
