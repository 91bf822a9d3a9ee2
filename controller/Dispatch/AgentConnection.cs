using System.Threading.Channels;
using Codemason.Proto.V1;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// One live agent session: its outbox (one writer task sends everything, in order), a wake signal
/// for assignment changes, and what was last sent, so increments chain prev → next.
/// </summary>
public sealed class AgentConnection(NodeId node, string environment, string sessionId, string peer, TimeProvider time) : IDisposable
{
    private readonly Channel<ControllerMessage> _outbox = Channel.CreateUnbounded<ControllerMessage>(new UnboundedChannelOptions { SingleReader = true });
    private readonly SemaphoreSlim _wake = new(0, 1);
    private readonly CancellationTokenSource _closed = new();
    private long _lastSeenTicks = time.GetUtcNow().UtcTicks;
    private readonly Lock _dispatchGate = new();
    private readonly List<(long Revision, DateTimeOffset CommittedAt)> _pending = [];
    private readonly Queue<(long Revision, DateTimeOffset CommittedAt)> _unacked = new();
    private string? _pendingTrace;
    private long _ackedRevision;
    private int _completeRequested;

    public NodeId Node { get; } = node;

    public string Environment { get; } = environment;

    public string SessionId { get; } = sessionId;

    public string Peer { get; } = peer;

    /// <summary>Store revision of the last assignment set sent; increments start from it.</summary>
    public long SentRevision { get; set; }

    /// <summary>The address other nodes reach it at, as its Hello said; empty = it cannot be on the overlay (docs/networking.md).</summary>
    public string AdvertiseAddress { get; init; } = "";

    /// <summary>Whether the agent assembles an assignment set sent in chunks (its Hello said so); else each set goes whole.</summary>
    public bool AcceptsChunkedSets { get; init; }

    /// <summary>The environment network last sent on this session (null = none yet): the publisher sends only changes.</summary>
    public EnvironmentNetwork? SentNetwork { get; set; }

    /// <summary>The environment registry last sent on this session (null = none yet): the registry reconciler sends only changes.</summary>
    public EnvironmentRegistry? SentRegistry { get; set; }

    /// <summary>The environment edge last sent on this session (null = none yet): the edge publisher sends only changes.</summary>
    public EnvironmentEdge? SentEdge { get; set; }

    /// <summary>Fires when the session must end (superseded, shutdown).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>When the agent last sent anything.</summary>
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public ChannelReader<ControllerMessage> Outbox => _outbox.Reader;

    public void Touch() => Interlocked.Exchange(ref _lastSeenTicks, time.GetUtcNow().UtcTicks);

    public void Send(ControllerMessage message) => _outbox.Writer.TryWrite(message);

    /// <summary>
    /// The agent asked for its complete set again (a resync): the next wake sends one. The session's change loop is the
    /// one writer of <see cref="SentRevision"/> once the session runs, so a resync can never interleave with an
    /// incremental set computed from the revision before it.
    /// </summary>
    public void RequestComplete()
    {
        Volatile.Write(ref _completeRequested, 1);
        Wake();
    }

    /// <summary>Whether a complete set was asked for since the last call; clears the request.</summary>
    public bool TakeCompleteRequest() => Interlocked.Exchange(ref _completeRequested, 0) == 1;

    /// <summary>Assignments of this node may have changed: look (at most one pending wake).</summary>
    public void Wake()
    {
        try
        {
            if (_wake.CurrentCount == 0)
            {
                _wake.Release();
            }
        }
        catch (SemaphoreFullException)
        {
            // Already woken.
        }
        catch (ObjectDisposedException)
        {
            // The session is over.
        }
    }

    /// <summary>A change of <paramref name="revision"/> concerns this node: remember it for the dispatch lag and trace, then wake.</summary>
    public void Wake(long revision, DateTimeOffset committedAt, string? traceparent)
    {
        lock (_dispatchGate)
        {
            // One entry per revision is enough: the lag is measured from a revision's commit.
            if (_pending.Count == 0 || _pending[^1].Revision != revision)
            {
                _pending.Add((revision, committedAt));
            }
            _pendingTrace = traceparent ?? _pendingTrace;
        }
        Wake();
    }

    /// <summary>
    /// A set bringing the node to <paramref name="revision"/> is being sent (or nothing new was found up to it):
    /// returns the trace context of the changes it carries (the latest one that had a context) and starts waiting
    /// for the agent's ack of their revisions.
    /// </summary>
    public string? Dispatching(long revision)
    {
        lock (_dispatchGate)
        {
            foreach (var change in _pending.Where(p => p.Revision <= revision && p.Revision > _ackedRevision))
            {
                _unacked.Enqueue(change);
            }
            _pending.RemoveAll(p => p.Revision <= revision);
            var trace = _pendingTrace;
            _pendingTrace = null;
            return trace;
        }
    }

    /// <summary>The agent applied <paramref name="revision"/>: the commit times of the revisions this acknowledges.</summary>
    public IReadOnlyList<DateTimeOffset> Acknowledged(long revision)
    {
        lock (_dispatchGate)
        {
            _ackedRevision = Math.Max(_ackedRevision, revision);
            var acked = new List<DateTimeOffset>();
            while (_unacked.TryPeek(out var head) && head.Revision <= revision)
            {
                acked.Add(_unacked.Dequeue().CommittedAt);
            }
            return acked;
        }
    }

    public Task WaitForWakeAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

    /// <summary>Grace for the writer to send <see cref="SessionClosed"/> before the session is cancelled: 1 s.</summary>
    public static readonly TimeSpan CloseGrace = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Ends the session with a reason the agent logs. The completed outbox ends the writer once it has sent the
    /// reason, which ends the session; the cancellation after <see cref="CloseGrace"/> ends it even if the agent reads nothing.
    /// </summary>
    public void Close(string reason, string message)
    {
        Send(new ControllerMessage { SessionClosed = new SessionClosed { Reason = reason, Message = message } });
        _outbox.Writer.TryComplete();
        try
        {
            _closed.CancelAfter(CloseGrace);
        }
        catch (ObjectDisposedException)
        {
            // The session is over already.
        }
    }

    public void Dispose()
    {
        _outbox.Writer.TryComplete();
        _closed.Dispose();
        _wake.Dispose();
    }
}
