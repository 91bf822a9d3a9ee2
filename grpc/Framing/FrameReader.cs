using System.Buffers;
using System.Buffers.Binary;
using System.IO.Pipelines;
using Google.Protobuf;

namespace Codemason.Grpc.Framing;

/// <summary>
/// Reads length-prefixed messages from a <see cref="PipeReader"/>. The size limit is checked on the
/// 5-byte prefix, before the payload is buffered.
/// </summary>
internal sealed class FrameReader<T>(PipeReader reader, MessageParser<T> parser, int maxMessageSize, string? encoding)
    where T : IMessage<T>
{
    /// <summary>Reads the next message; default at a clean end of stream.</summary>
    public ValueTask<T?> ReadAsync(CancellationToken cancellationToken)
    {
        // Fast path: the next frame is already buffered, no state machine needed.
        if (reader.TryRead(out var result) && TryConsume(result, out var message))
        {
            return new ValueTask<T?>(message);
        }
        return ReadSlowAsync(cancellationToken);
    }

    private async ValueTask<T?> ReadSlowAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await reader.ReadAsync(cancellationToken);
            if (TryConsume(result, out var message))
            {
                return message;
            }
        }
    }

    /// <summary>
    /// Consumes one frame or the end of stream from <paramref name="result"/>; returns false (having
    /// advanced as examined) when more bytes are needed.
    /// </summary>
    private bool TryConsume(ReadResult result, out T? message)
    {
        var buffer = result.Buffer;
        message = default;
        if (result.IsCanceled)
        {
            reader.AdvanceTo(buffer.Start);
            throw new OperationCanceledException("The read was cancelled.");
        }
        if (buffer.Length >= GrpcProtocol.HeaderSize)
        {
            Span<byte> header = stackalloc byte[GrpcProtocol.HeaderSize];
            buffer.Slice(0, GrpcProtocol.HeaderSize).CopyTo(header);
            var length = BinaryPrimitives.ReadUInt32BigEndian(header[1..]);
            if (length > (uint)maxMessageSize)
            {
                reader.AdvanceTo(buffer.Start);
                throw new RpcException(StatusCode.ResourceExhausted,
                    $"Received message exceeds the maximum configured message size ({length} > {maxMessageSize}).");
            }
            if (header[0] != 0)
            {
                reader.AdvanceTo(buffer.Start);
                throw CompressedFrame();
            }
            if (buffer.Length >= GrpcProtocol.HeaderSize + length)
            {
                var payload = buffer.Slice(GrpcProtocol.HeaderSize, length);
                try
                {
                    message = parser.ParseFrom(payload);
                }
                catch (InvalidProtocolBufferException ex)
                {
                    reader.AdvanceTo(buffer.Start);
                    throw new RpcException(new Status(StatusCode.Internal, "Error parsing the message."), null, ex);
                }
                reader.AdvanceTo(payload.End);
                return true;
            }
        }
        if (result.IsCompleted)
        {
            reader.AdvanceTo(buffer.End);
            if (buffer.Length == 0)
            {
                return true;
            }
            throw new RpcException(StatusCode.Internal, "Incomplete message: the stream ended inside a frame.");
        }
        reader.AdvanceTo(buffer.Start, buffer.End);
        return false;
    }

    private RpcException CompressedFrame()
    {
        if (encoding is null || encoding.Equals(GrpcProtocol.IdentityEncoding, StringComparison.OrdinalIgnoreCase))
        {
            return new RpcException(StatusCode.Internal, "A compressed frame arrived without a grpc-encoding.");
        }
        var trailers = new Metadata().Add(GrpcProtocol.AcceptEncodingHeader, GrpcProtocol.IdentityEncoding);
        return new RpcException(StatusCode.Unimplemented,
            $"Compression '{encoding}' is not supported; the only accepted encoding is identity.", trailers);
    }
}
