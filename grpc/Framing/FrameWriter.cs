using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Codemason.Grpc.Framing;

/// <summary>Writes length-prefixed frames: flag byte 0 (uncompressed), 4-byte big-endian length, message.</summary>
internal static class FrameWriter
{
    private const int SingleSpanLimit = 4096;

    public static void Write(IBufferWriter<byte> output, IMessage message, int maxMessageSize)
    {
        var size = CheckSize(message, maxMessageSize);
        var total = GrpcProtocol.HeaderSize + size;
        if (total <= SingleSpanLimit)
        {
            var span = output.GetSpan(total);
            span[0] = 0;
            BinaryPrimitives.WriteUInt32BigEndian(span[1..], (uint)size);
            message.WriteTo(span.Slice(GrpcProtocol.HeaderSize, size));
            output.Advance(total);
            return;
        }
        var header = output.GetSpan(GrpcProtocol.HeaderSize);
        header[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(header[1..], (uint)size);
        output.Advance(GrpcProtocol.HeaderSize);
        message.WriteTo(output);
    }

    public static int CheckSize(IMessage message, int maxMessageSize)
    {
        var size = message.CalculateSize();
        if (size > maxMessageSize)
        {
            throw new RpcException(StatusCode.ResourceExhausted,
                $"Sending message exceeds the maximum configured message size ({size} > {maxMessageSize}).");
        }
        return size;
    }
}
