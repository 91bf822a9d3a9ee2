using System.Buffers;
using System.IO.Pipelines;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Codemason.Docker.Serialization;

/// <summary>
/// Reads a stream of JSON documents separated by newlines (events, pull progress) one document at a
/// time: only the current, incomplete line is ever buffered.
/// </summary>
internal static class JsonLines
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(Stream stream, JsonTypeInfo<T> typeInfo, [EnumeratorCancellation] CancellationToken cancellationToken)
        where T : class
    {
        var reader = PipeReader.Create(stream, new StreamPipeReaderOptions(leaveOpen: true));
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync(cancellationToken);
                var buffer = result.Buffer;
                while (TryReadLine(ref buffer, out var line))
                {
                    if (Parse(line, typeInfo) is { } item)
                    {
                        yield return item;
                    }
                }
                if (result.IsCompleted)
                {
                    // A last document without a trailing newline.
                    if (!buffer.IsEmpty && Parse(buffer, typeInfo) is { } last)
                    {
                        yield return last;
                    }
                    break;
                }
                reader.AdvanceTo(buffer.Start, buffer.End);
            }
        }
        finally
        {
            await reader.CompleteAsync();
        }
    }

    internal static bool TryReadLine(ref ReadOnlySequence<byte> buffer, out ReadOnlySequence<byte> line)
    {
        var newline = buffer.PositionOf((byte)'\n');
        if (newline is null)
        {
            line = default;
            return false;
        }
        line = buffer.Slice(0, newline.Value);
        buffer = buffer.Slice(buffer.GetPosition(1, newline.Value));
        return true;
    }

    private static T? Parse<T>(ReadOnlySequence<byte> line, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (IsBlank(line))
        {
            return null;
        }
        var json = new Utf8JsonReader(line);
        return JsonSerializer.Deserialize(ref json, typeInfo);
    }

    private static bool IsBlank(ReadOnlySequence<byte> line)
    {
        foreach (var segment in line)
        {
            foreach (var b in segment.Span)
            {
                if (b is not ((byte)' ' or (byte)'\r' or (byte)'\t'))
                {
                    return false;
                }
            }
        }
        return true;
    }
}
