using System.Buffers;
using System.IO.Pipelines;
using System.Threading.Channels;
using Google.Protobuf;

namespace Codemason.Grpc.Framing;

/// <summary>
/// The outgoing side of a stream. Writers serialize on their own thread into pooled frames and queue
/// them; one pump copies whatever is queued into the pipe and flushes only when the queue is empty,
/// so bursts go out in few HTTP/2 DATA frames and a lone message goes out at once.
/// </summary>
internal sealed class OutboundFrameQueue
{
    /// <summary>Frames in flight before writers wait (back-pressure).</summary>
    public const int Capacity = 64;

    private readonly Channel<PooledFrame> _channel = Channel.CreateBounded<PooledFrame>(
        new BoundedChannelOptions(Capacity) { SingleReader = true, SingleWriter = false, FullMode = BoundedChannelFullMode.Wait });

    private readonly int _maxMessageSize;
    private Exception? _failure;

    public OutboundFrameQueue(int maxMessageSize) => _maxMessageSize = maxMessageSize;

    /// <summary>Why the pump stopped, if it failed.</summary>
    public Exception? Failure => _failure;

    public Task EnqueueAsync(IMessage message, CancellationToken cancellationToken)
    {
        var frame = PooledFrame.Serialize(message, _maxMessageSize);
        if (_channel.Writer.TryWrite(frame))
        {
            return Task.CompletedTask;
        }
        return EnqueueSlowAsync(frame, cancellationToken);
    }

    private async Task EnqueueSlowAsync(PooledFrame frame, CancellationToken cancellationToken)
    {
        try
        {
            await _channel.Writer.WriteAsync(frame, cancellationToken);
        }
        catch (ChannelClosedException ex)
        {
            frame.Return();
            throw new InvalidOperationException("The stream is complete; no more messages can be written.", _failure ?? ex);
        }
        catch
        {
            frame.Return();
            throw;
        }
    }

    /// <summary>No more messages; the pump ends after writing what is queued.</summary>
    public void Complete() => _channel.Writer.TryComplete();

    /// <summary>The call failed: the pump stops with <paramref name="error"/> (resetting the stream) and writers fail.</summary>
    public void Fail(Exception error)
    {
        _failure ??= error;
        _channel.Writer.TryComplete(error);
    }

    /// <summary>Copies queued frames into <paramref name="output"/> until <see cref="Complete"/>.</summary>
    public async Task PumpAsync(PipeWriter output, CancellationToken cancellationToken)
    {
        var reader = _channel.Reader;
        try
        {
            while (await reader.WaitToReadAsync(cancellationToken))
            {
                while (reader.TryRead(out var frame))
                {
                    output.Write(frame.Span);
                    frame.Return();
                }
                var flush = await output.FlushAsync(cancellationToken);
                if (flush.IsCompleted || flush.IsCanceled)
                {
                    throw new OperationCanceledException("The peer stopped reading the stream.");
                }
            }
        }
        catch (Exception ex)
        {
            _failure = ex;
            _channel.Writer.TryComplete(ex);
            while (reader.TryRead(out var frame))
            {
                frame.Return();
            }
            throw;
        }
    }
}
