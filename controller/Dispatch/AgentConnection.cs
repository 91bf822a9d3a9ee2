using System.Threading.Channels;
using Codemason.Controller.Store;
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

    public NodeId Node { get; } = node;

    public string Environment { get; } = environment;

    public string SessionId { get; } = sessionId;

    public string Peer { get; } = peer;

    /// <summary>Store revision of the last assignment set sent; increments start from it.</summary>
    public long SentRevision { get; set; }

    /// <summary>Fires when the session must end (superseded, shutdown).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>When the agent last sent anything.</summary>
    public DateTimeOffset LastSeen => new(Interlocked.Read(ref _lastSeenTicks), TimeSpan.Zero);

    public ChannelReader<ControllerMessage> Outbox => _outbox.Reader;

    public void Touch() => Interlocked.Exchange(ref _lastSeenTicks, time.GetUtcNow().UtcTicks);

    public void Send(ControllerMessage message) => _outbox.Writer.TryWrite(message);

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

    public Task WaitForWakeAsync(CancellationToken cancellationToken) => _wake.WaitAsync(cancellationToken);

    /// <summary>Ends the session with a reason the agent logs.</summary>
    public void Close(string reason, string message)
    {
        Send(new ControllerMessage { SessionClosed = new SessionClosed { Reason = reason, Message = message } });
        _outbox.Writer.TryComplete();
        _closed.Cancel();
    }

    public void Dispose()
    {
        _outbox.Writer.TryComplete();
        _closed.Dispose();
        _wake.Dispose();
    }
}
