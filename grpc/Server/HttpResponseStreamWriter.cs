using Codemason.Grpc.Framing;
using Google.Protobuf;

namespace Codemason.Grpc.Server;

/// <summary>
/// The response stream of a call. Messages are serialized by the caller and pumped into the response
/// body by one background task that flushes when nothing more is queued.
/// </summary>
internal sealed class HttpResponseStreamWriter<T>(HttpServerCallContext call, int maxMessageSize) : IServerStreamWriter<T>
    where T : class, IMessage<T>
{
    private readonly OutboundFrameQueue _queue = new(maxMessageSize);
    private Task? _pump;

    public Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_pump is null)
        {
            call.ResponseStarted = true;
            _pump = _queue.PumpAsync(call.HttpContext.Response.BodyWriter, call.CancellationToken);
        }
        return _queue.EnqueueAsync(message, cancellationToken.CanBeCanceled ? cancellationToken : call.CancellationToken);
    }

    /// <summary>Waits until every queued message is in the response body.</summary>
    public Task CompleteAsync()
    {
        _queue.Complete();
        return _pump ?? Task.CompletedTask;
    }
}
