using System.Buffers.Binary;

namespace Codemason.Docker.Logs;

/// <summary>
/// Reads the engine's output stream: either multiplexed frames (an 8-byte header — stream byte,
/// three zero bytes, big-endian payload length — then the payload) or, for TTY containers, raw bytes.
/// Frames split across reads are reassembled; nothing beyond one frame is buffered.
/// </summary>
internal sealed class MultiplexedStreamReader
{
    private const int HeaderLength = 8;
    private const int RawChunkLength = 16 * 1024;

    private readonly Stream _stream;
    private readonly bool _raw;
    private readonly byte[] _header = new byte[HeaderLength];

    /// <param name="stream">The response body.</param>
    /// <param name="raw">True when the container or exec has a TTY.</param>
    public MultiplexedStreamReader(Stream stream, bool raw)
    {
        _stream = stream;
        _raw = raw;
    }

    /// <summary>The next frame, or null at the end of the stream.</summary>
    /// <exception cref="InvalidDataException">The stream ended inside a frame or the header is malformed.</exception>
    public async ValueTask<LogFrame?> ReadAsync(CancellationToken cancellationToken)
    {
        if (_raw)
        {
            var chunk = new byte[RawChunkLength];
            var read = await _stream.ReadAsync(chunk, cancellationToken);
            return read == 0 ? null : new LogFrame(LogStream.Stdout, chunk.AsMemory(0, read));
        }

        while (true)
        {
            var got = await _stream.ReadAtLeastAsync(_header, HeaderLength, throwOnEndOfStream: false, cancellationToken);
            if (got == 0)
            {
                return null;
            }
            if (got < HeaderLength)
            {
                throw new InvalidDataException($"The output stream ended inside a frame header ({got} of {HeaderLength} bytes).");
            }
            var kind = _header[0];
            if (kind > (byte)LogStream.System)
            {
                throw new InvalidDataException($"Unknown stream type {kind} in a frame header: the output is not multiplexed (does the container have a TTY?).");
            }
            var length = BinaryPrimitives.ReadUInt32BigEndian(_header.AsSpan(4));
            if (length == 0)
            {
                continue;
            }
            if (length > int.MaxValue)
            {
                throw new InvalidDataException($"Frame length {length} is out of range.");
            }
            var payload = new byte[length];
            try
            {
                await _stream.ReadExactlyAsync(payload, cancellationToken);
            }
            catch (EndOfStreamException ex)
            {
                throw new InvalidDataException($"The output stream ended inside a frame of {length} bytes.", ex);
            }
            return new LogFrame((LogStream)kind, payload);
        }
    }

    /// <summary>Reads to the end, collecting stdout and stderr.</summary>
    public async Task<ContainerOutput> ReadAllAsync(CancellationToken cancellationToken)
    {
        using var stdout = new MemoryStream();
        using var stderr = new MemoryStream();
        while (await ReadAsync(cancellationToken) is { } frame)
        {
            var target = frame.Stream == LogStream.Stdout ? stdout : stderr;
            target.Write(frame.Payload.Span);
        }
        return new ContainerOutput(Utf8(stdout), Utf8(stderr));
    }

    private static string Utf8(MemoryStream stream) =>
        System.Text.Encoding.UTF8.GetString(stream.GetBuffer(), 0, (int)stream.Length);
}
