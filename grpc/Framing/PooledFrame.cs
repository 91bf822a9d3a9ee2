using System.Buffers;
using System.Buffers.Binary;
using Google.Protobuf;

namespace Codemason.Grpc.Framing;

/// <summary>One serialized frame (5-byte prefix + message) in a pooled array; returned once written.</summary>
internal readonly struct PooledFrame
{
    private readonly byte[] _array;
    private readonly int _length;

    private PooledFrame(byte[] array, int length)
    {
        _array = array;
        _length = length;
    }

    public ReadOnlySpan<byte> Span => _array.AsSpan(0, _length);

    public ReadOnlyMemory<byte> Memory => _array.AsMemory(0, _length);

    public int Length => _length;

    public static PooledFrame Serialize(IMessage message, int maxMessageSize)
    {
        var size = FrameWriter.CheckSize(message, maxMessageSize);
        var array = ArrayPool<byte>.Shared.Rent(GrpcProtocol.HeaderSize + size);
        array[0] = 0;
        BinaryPrimitives.WriteUInt32BigEndian(array.AsSpan(1), (uint)size);
        message.WriteTo(array.AsSpan(GrpcProtocol.HeaderSize, size));
        return new PooledFrame(array, GrpcProtocol.HeaderSize + size);
    }

    public void Return() => ArrayPool<byte>.Shared.Return(_array);
}
