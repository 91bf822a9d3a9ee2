using System.IO.Pipelines;
using System.Net;
using Codemason.Grpc.Framing;

namespace Codemason.Grpc.Client;

/// <summary>
/// The body of a client-streaming or bidirectional call: frames are pumped from the queue while the
/// response is read at the same time (HTTP/2 full duplex); the body ends when the queue completes.
/// </summary>
internal sealed class StreamingRequestContent : HttpContent
{
    private readonly OutboundFrameQueue _queue;
    private readonly CancellationToken _callToken;

    public StreamingRequestContent(OutboundFrameQueue queue, CancellationToken callToken)
    {
        _queue = queue;
        _callToken = callToken;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _callToken);
        // SocketsHttpHandler writes the HEADERS frame of a request that has a body without flushing it:
        // it goes out with the first flushed DATA frame, or whenever other traffic on the connection
        // happens to flush. A stream whose first message comes later (or whose server speaks first)
        // would then not exist on the server at all. Flush now so the call starts at once.
        await stream.FlushAsync(linked.Token);
        var writer = PipeWriter.Create(stream, new StreamPipeWriterOptions(leaveOpen: true));
        await _queue.PumpAsync(writer, linked.Token);
        await writer.CompleteAsync();
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
