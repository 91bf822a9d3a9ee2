using System.Net;
using Codemason.Grpc.Framing;

namespace Codemason.Grpc.Client;

/// <summary>The body of a call with one request message: one frame, already serialized.</summary>
internal sealed class UnaryRequestContent : HttpContent
{
    private PooledFrame? _frame;

    public UnaryRequestContent(PooledFrame frame)
    {
        _frame = frame;
        Headers.TryAddWithoutValidation("Content-Type", GrpcProtocol.ContentType);
    }

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        var frame = _frame ?? throw new InvalidOperationException("The request body was already sent.");
        _frame = null;
        try
        {
            await stream.WriteAsync(frame.Memory, cancellationToken);
        }
        finally
        {
            frame.Return();
        }
    }

    // A known length lets HttpClient send the frame with END_STREAM at once, so the server's
    // check for a second request message does not wait for a separate empty DATA frame.
    protected override bool TryComputeLength(out long length)
    {
        length = _frame?.Length ?? 0;
        return _frame is not null;
    }
}
