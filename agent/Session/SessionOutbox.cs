using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Threading.Channels;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Session;

/// <summary>
/// What a session sends the controller, in two queues: control messages (Hello, heartbeats, statuses, acks, resyncs),
/// unbounded and always sent first, and log chunks, bounded by <see cref="MaxQueuedLogBytes"/>. A log flood therefore
/// never delays a heartbeat by more than the one chunk being written, and never takes the agent's memory: a chunk
/// that does not fit is dropped, and the next chunk of its request (or an end chunk of its own) starts with a line
/// "[codemason] N log lines dropped …" (docs/security.md, "Limits").
/// </summary>
public sealed class SessionOutbox : ChannelWriter<AgentMessage>
{
    /// <summary>Default <see cref="MaxQueuedLogBytes"/>: 4 MiB of encoded log chunks.</summary>
    public const int DefaultMaxQueuedLogBytes = 4 * 1024 * 1024;

    private readonly Channel<AgentMessage> _control = Channel.CreateUnbounded<AgentMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly Queue<(LogChunk Chunk, int Bytes)> _logs = new();
    private readonly Dictionary<string, DroppedLines> _dropped = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();
    private readonly TimeProvider _time;
    private int _logBytes;
    private bool _completed;

    // Rung on every write and on completion; holds at most one ring, so a burst of writes wakes the reader once.
    private readonly Channel<bool> _doorbell = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    /// <summary>Creates an outbox whose log queue holds at most <paramref name="maxQueuedLogBytes"/>.</summary>
    public SessionOutbox(TimeProvider time, int maxQueuedLogBytes = DefaultMaxQueuedLogBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxQueuedLogBytes, 1);
        _time = time;
        MaxQueuedLogBytes = maxQueuedLogBytes;
    }

    /// <summary>Most encoded bytes of log chunks waiting to be sent.</summary>
    public int MaxQueuedLogBytes { get; }

    /// <summary>Log lines dropped since the session started.</summary>
    public long DroppedLogLines { get; private set; }

    /// <summary>Queues a message: a log chunk on the bounded log queue (dropped when full), anything else ahead of every log chunk.</summary>
    public override bool TryWrite(AgentMessage item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.KindCase != AgentMessage.KindOneofCase.Logs)
        {
            if (!_control.Writer.TryWrite(item))
            {
                return false;
            }
            _doorbell.Writer.TryWrite(true);
            return true;
        }
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }
            var chunk = item.Logs;
            var bytes = chunk.CalculateSize();
            if (_logBytes + bytes > MaxQueuedLogBytes)
            {
                Drop(chunk);
                if (!chunk.End)
                {
                    return true;
                }
                // The end of a request must reach the controller: it goes, without its lines, with the count dropped.
                chunk = new LogChunk { RequestId = chunk.RequestId, End = true, Error = chunk.Error };
            }
            if (_dropped.Remove(chunk.RequestId, out var dropped))
            {
                chunk.Lines.Insert(0, new LogLine
                {
                    At = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
                    Stream = "stderr",
                    ReplicaId = dropped.ReplicaId,
                    Text = string.Create(CultureInfo.InvariantCulture,
                        $"[codemason] {dropped.Lines} log lines dropped: the agent's link to the controller was slower than the container's output"),
                });
                bytes = chunk.CalculateSize();
            }
            _logs.Enqueue((chunk, bytes));
            _logBytes += bytes;
        }
        _doorbell.Writer.TryWrite(true);
        return true;
    }

    /// <inheritdoc />
    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        new(!Volatile.Read(ref _completed));

    /// <summary>Ends the outbox: what is queued is still read, then <see cref="ReadAllAsync"/> ends.</summary>
    public override bool TryComplete(Exception? error = null)
    {
        lock (_gate)
        {
            if (_completed)
            {
                return false;
            }
            _completed = true;
        }
        _control.Writer.TryComplete(error);
        _doorbell.Writer.TryComplete();
        return true;
    }

    /// <summary>Every message in send order: each control message before any log chunk queued at the time it is read.</summary>
    public async IAsyncEnumerable<AgentMessage> ReadAllAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (true)
        {
            while (TryRead(out var message))
            {
                yield return message;
            }
            if (!await _doorbell.Reader.WaitToReadAsync(cancellationToken))
            {
                while (TryRead(out var message))
                {
                    yield return message;
                }
                yield break;
            }
            _doorbell.Reader.TryRead(out _);
        }
    }

    /// <summary>The next message to send: a control message if any, else the oldest log chunk.</summary>
    public bool TryRead([NotNullWhen(true)] out AgentMessage? message)
    {
        if (_control.Reader.TryRead(out message))
        {
            return true;
        }
        lock (_gate)
        {
            if (_logs.TryDequeue(out var next))
            {
                _logBytes -= next.Bytes;
                message = new AgentMessage { Logs = next.Chunk };
                return true;
            }
        }
        message = null;
        return false;
    }

    private void Drop(LogChunk chunk)
    {
        if (chunk.Lines.Count == 0)
        {
            return;
        }
        DroppedLogLines += chunk.Lines.Count;
        if (!_dropped.TryGetValue(chunk.RequestId, out var dropped))
        {
            dropped = new DroppedLines(chunk.Lines[0].ReplicaId);
            _dropped.Add(chunk.RequestId, dropped);
        }
        dropped.Lines += chunk.Lines.Count;
    }

    private sealed class DroppedLines(string replicaId)
    {
        public string ReplicaId { get; } = replicaId;

        public long Lines { get; set; }
    }
}
