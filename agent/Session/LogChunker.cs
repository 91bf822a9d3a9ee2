using System.Runtime.CompilerServices;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Session;

/// <summary>
/// Turns a container's log frames into the chunks of lines a log request is answered with. A chunk
/// goes out when it holds <see cref="MaxLinesPerChunk"/> lines or <see cref="ChunkWindow"/> after its
/// first line arrived, whichever comes first — also when nothing more arrives, so the last lines of a
/// container that went quiet are not held back. The rest goes out with <c>End</c> when the frames end.
/// </summary>
internal static class LogChunker
{
    /// <summary>Most lines in one chunk: 200.</summary>
    public const int MaxLinesPerChunk = 200;

    /// <summary>Longest a line waits for company before it is sent: 50 ms.</summary>
    public static readonly TimeSpan ChunkWindow = TimeSpan.FromMilliseconds(50);

    /// <summary>The chunks of <paramref name="frames"/>, lines in the order they were read.</summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public static async IAsyncEnumerable<LogChunk> ChunkAsync(
        string requestId, string replicaId, IAsyncEnumerable<LogFrame> frames, TimeProvider time,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A read may be pending while a chunk is handed out (the window ended first); this token
        // lets the finally end it if the caller stops there, before the frames are disposed.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = frames.GetAsyncEnumerator(stop.Token);
        var chunk = new LogChunk { RequestId = requestId };
        Task<bool>? reading = null;
        using var window = new ChunkDeadline(time);

        // The chunk being filled goes out; an empty one, with a closed window, takes its place.
        LogChunk Cut()
        {
            window.Stop();
            var full = chunk;
            chunk = new LogChunk { RequestId = requestId };
            return full;
        }

        try
        {
            while (true)
            {
                reading ??= reader.MoveNextAsync().AsTask();
                if (window.Running is { } due && !reading.IsCompleted && await Task.WhenAny(reading, due) == due)
                {
                    yield return Cut();
                    continue;
                }
                if (!await reading)
                {
                    break;
                }
                reading = null;
                foreach (var line in Lines(reader.Current, replicaId, time))
                {
                    chunk.Lines.Add(line);
                    if (chunk.Lines.Count == 1)
                    {
                        window.Start();
                    }
                    if (chunk.Lines.Count == MaxLinesPerChunk)
                    {
                        yield return Cut();
                    }
                }
                if (window.Running is { IsCompleted: true })
                {
                    // Frames kept arriving without a pause: the window ended between two of them.
                    yield return Cut();
                }
            }
            chunk.End = true;
            yield return chunk;
        }
        finally
        {
            if (reading is { IsCompleted: false })
            {
                await stop.CancelAsync();
                await ((Task)reading).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }
            await reader.DisposeAsync();
        }
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

    /// <summary>The window of the chunk being filled: a delay on the clock, cancelled when the chunk goes out early.</summary>
    private sealed class ChunkDeadline(TimeProvider time) : IDisposable
    {
        private CancellationTokenSource? _cancel;

        /// <summary>Completes when the window ends; null while the chunk is empty.</summary>
        public Task? Running { get; private set; }

        public void Start()
        {
            _cancel = new CancellationTokenSource();
            Running = Task.Delay(ChunkWindow, time, _cancel.Token);
        }

        public void Stop()
        {
            _cancel?.Cancel();
            _cancel?.Dispose();
            _cancel = null;
            Running = null;
        }

        public void Dispose() => Stop();
    }
}
