using System.Runtime.CompilerServices;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Session;

/// <summary>Turns a container's log frames into the chunks of lines a log request is answered with.</summary>
internal static class LogChunker
{
    /// <summary>Most lines in one chunk.</summary>
    public const int MaxLinesPerChunk = 200;

    /// <summary>How long lines wait for company before they are sent.</summary>
    public static readonly TimeSpan ChunkWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>The chunks of <paramref name="frames"/>; the last one, sent when the frames end, carries <c>End</c>.</summary>
    public static async IAsyncEnumerable<LogChunk> ChunkAsync(
        string requestId, string replicaId, IAsyncEnumerable<LogFrame> frames, bool follow, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunk = new LogChunk { RequestId = requestId };
        var lastSent = time.GetUtcNow();
        await foreach (var frame in frames.WithCancellation(cancellationToken))
        {
            foreach (var line in Lines(frame, replicaId, time))
            {
                chunk.Lines.Add(line);
            }
            if (chunk.Lines.Count >= MaxLinesPerChunk || (follow && time.GetUtcNow() - lastSent >= ChunkWindow))
            {
                yield return chunk;
                chunk = new LogChunk { RequestId = requestId };
                lastSent = time.GetUtcNow();
            }
        }
        chunk.End = true;
        yield return chunk;
    }

    private static IEnumerable<LogLine> Lines(LogFrame frame, string replicaId, TimeProvider time)
    {
        var stream = frame.Stream == LogStream.Stderr ? "stderr" : "stdout";
        frame.TrySplitTimestamp(out var at, out var text);
        foreach (var part in text.Split('\n'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            yield return new LogLine
            {
                At = Timestamp.FromDateTimeOffset(at == default ? time.GetUtcNow() : at),
                Stream = stream,
                Text = part.TrimEnd('\r'),
                ReplicaId = replicaId,
            };
        }
    }
}
