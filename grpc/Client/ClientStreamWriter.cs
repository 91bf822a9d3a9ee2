using Codemason.Grpc.Framing;
using Google.Protobuf;

namespace Codemason.Grpc.Client;

/// <summary>The request stream of a client-streaming or bidirectional call.</summary>
internal sealed class ClientStreamWriter<T>(IStatusSource call, OutboundFrameQueue queue) : IClientStreamWriter<T>
    where T : class, IMessage<T>
{
    private bool _completed;

    public async Task WriteAsync(T message, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (_completed)
        {
            throw new InvalidOperationException("The request stream is already complete.");
        }
        ThrowIfCallFailed();
        try
        {
            await queue.EnqueueAsync(message, cancellationToken);
        }
        catch (InvalidOperationException)
        {
            ThrowIfCallFailed();
            throw;
        }
    }

    public Task CompleteAsync()
    {
        _completed = true;
        queue.Complete();
        return Task.CompletedTask;
    }

    private void ThrowIfCallFailed()
    {
        if (call.FinalStatus is { StatusCode: not StatusCode.OK } status)
        {
            throw new RpcException(status);
        }
    }
}
