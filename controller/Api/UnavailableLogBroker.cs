using Codemason.Controller.Errors;
using Codemason.Proto.V1;

namespace Codemason.Controller.Api;

/// <summary>Placeholder until the dispatcher streams logs: every request fails with "no agent connected for node X".</summary>
public sealed class UnavailableLogBroker : ILogBroker
{
    public IAsyncEnumerable<LogLine> StreamAsync(LogStreamRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        throw new NodeUnavailableException(request.Replicas.Count > 0 ? request.Replicas[0].Node.Value : "(none)");
    }
}
