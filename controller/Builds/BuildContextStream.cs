using Codemason.Proto.V1;
using Google.Protobuf;
using Grpc.Core;

namespace Codemason.Controller.Builds;

/// <summary>A write-only stream that sends what is written to an agent as BuildInput chunks of up to <see cref="ChunkBytes"/>.</summary>
public sealed class BuildContextStream(IServerStreamWriter<BuildInput> input) : Stream
{
    /// <summary>Bytes per BuildInput message.</summary>
    public const int ChunkBytes = 64 * 1024;

    private readonly byte[] _buffer = new byte[ChunkBytes];
    private int _filled;

    /// <summary>Bytes sent so far.</summary>
    public long Sent { get; private set; }

    /// <inheritdoc />
    public override bool CanRead => false;

    /// <inheritdoc />
    public override bool CanSeek => false;

    /// <inheritdoc />
    public override bool CanWrite => true;

    /// <inheritdoc />
    public override long Length => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Position { get => Sent; set => throw new NotSupportedException(); }

    /// <inheritdoc />
    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        while (!buffer.IsEmpty)
        {
            var take = Math.Min(buffer.Length, ChunkBytes - _filled);
            buffer[..take].CopyTo(_buffer.AsMemory(_filled));
            _filled += take;
            buffer = buffer[take..];
            if (_filled == ChunkBytes)
            {
                await SendAsync(end: false, cancellationToken);
            }
        }
    }

    /// <inheritdoc />
    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    /// <summary>Sends what is buffered as the last chunk.</summary>
    public Task CompleteAsync(CancellationToken cancellationToken) => SendAsync(end: true, cancellationToken);

    /// <inheritdoc />
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException("write asynchronously");

    /// <inheritdoc />
    public override void Flush()
    {
    }

    /// <inheritdoc />
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <inheritdoc />
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    /// <inheritdoc />
    public override void SetLength(long value) => throw new NotSupportedException();

    private async Task SendAsync(bool end, CancellationToken cancellationToken)
    {
        var message = new BuildInput { Context = ByteString.CopyFrom(_buffer, 0, _filled), End = end };
        Sent += _filled;
        _filled = 0;
        await input.WriteAsync(message, cancellationToken);
    }
}
