using System.Threading.Channels;

namespace Codemason.Agent.Engine;

/// <summary>
/// The loop of a reconciler of one thing on this node (the registry, the edge) towards the latest desired state the
/// controller sent (<see cref="Set"/>; the latest wins): a pass runs on every <see cref="Set"/> and <see cref="Touch"/>
/// and every resync interval; a failed pass is tried again after a capped backoff (0.5 s doubling to
/// <see cref="MaxRetryDelay"/>). Touches while a pass runs coalesce into one more pass. Until the first
/// <see cref="Set"/> no pass runs: what the node runs stays while the controller is away.
/// </summary>
/// <typeparam name="TDesired">What the node must run; null = none.</typeparam>
public sealed class ReconcileLoop<TDesired>(TimeSpan resyncInterval, TimeProvider time)
    where TDesired : class
{
    /// <summary>Longest wait before a failed pass is tried again.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private bool _known;
    private TDesired? _desired;
    private int _passes;

    /// <summary>Passes completed without error since start (for tests and health).</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>What the node must run now: null when nothing (or nothing said yet).</summary>
    public TDesired? Desired
    {
        get
        {
            lock (_gate)
            {
                return _desired;
            }
        }
    }

    /// <summary>Takes the latest desired state and asks for a pass.</summary>
    public void Set(TDesired? desired)
    {
        lock (_gate)
        {
            _known = true;
            _desired = desired;
        }
        Touch();
    }

    /// <summary>Asks for a pass soon.</summary>
    public void Touch() => _wake.Writer.TryWrite(true);

    /// <summary>
    /// Runs passes until <paramref name="cancellationToken"/> fires: <paramref name="pass"/> with the desired state at
    /// that moment; its exceptions go to <paramref name="failed"/> and back off.
    /// </summary>
    public async Task RunAsync(Func<TDesired?, CancellationToken, Task> pass, Action<Exception> failed, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(pass);
        ArgumentNullException.ThrowIfNull(failed);
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var delay = failures == 0 ? resyncInterval
                    : TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 500 * Math.Pow(2, failures - 1)));
                await WaitAsync(delay, cancellationToken);
                bool known;
                TDesired? desired;
                lock (_gate)
                {
                    known = _known;
                    desired = _desired;
                }
                if (!known)
                {
                    continue;
                }
                try
                {
                    await pass(desired, cancellationToken);
                    Interlocked.Increment(ref _passes);
                    failures = 0;
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    failed(e);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
        }
    }

    /// <summary>Until a wake-up or <paramref name="delay"/>, whichever comes first; consumes the wake-up.</summary>
    private async Task WaitAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        using var round = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        await Task.WhenAny(_wake.Reader.WaitToReadAsync(round.Token).AsTask(), Task.Delay(delay, time, round.Token));
        await round.CancelAsync();
        cancellationToken.ThrowIfCancellationRequested();
        _wake.Reader.TryRead(out _);
    }
}
