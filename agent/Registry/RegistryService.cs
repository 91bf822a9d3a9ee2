using System.Threading.Channels;
using Codemason.Agent.State;
using Codemason.Proto.V1;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Registry;

/// <summary>
/// This node's side of its environment's private registry (docs/registry.md), fed by the session with each
/// <see cref="EnvironmentRegistry"/> (full state: the latest wins). At once, on the session's thread: pulls learn the
/// registry's address (<see cref="RegistryCredentials"/>) and the engine trusts the registry's CA
/// (<see cref="RegistryTrustTracker"/>), before any assignment that follows the message is pulled. In the background
/// loop (<see cref="RunAsync"/>): the registry container is reconciled on every message, on engine events of it
/// (<see cref="Touch"/>) and every resync interval, with capped backoff after a failure. Failures are logged, never thrown
/// to the session. Until the first message nothing is reconciled: a registry that runs stays while the controller is away.
/// </summary>
public sealed partial class RegistryService(
    RegistryReconciler reconciler, RegistryTrustTracker trust, RegistryCredentials credentials, string? controller, TimeSpan resyncInterval,
    TimeProvider time, ILogger<RegistryService> logger)
{
    /// <summary>Longest wait before a failed pass is tried again.</summary>
    public static readonly TimeSpan MaxRetryDelay = TimeSpan.FromSeconds(30);

    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly Lock _gate = new();
    private bool _known;
    private RegistryDeployment? _desired;
    private int _passes;

    /// <summary>Passes completed without error since start (for tests and health).</summary>
    public int Passes => Volatile.Read(ref _passes);

    /// <summary>What this node must run now: null when no registry (or no message yet).</summary>
    public RegistryDeployment? Desired
    {
        get
        {
            lock (_gate)
            {
                return _desired;
            }
        }
    }

    /// <summary>
    /// Takes the controller's latest view of the registry: records the address for pulls, follows the trust and queues
    /// a reconcile. A malformed server is logged and leaves the container as it is.
    /// </summary>
    public void Submit(EnvironmentRegistry message)
    {
        ArgumentNullException.ThrowIfNull(message);
        credentials.UseAddress(message.Address);
        try
        {
            trust.Follow(message.Address, message.CaPem);
        }
        catch (Exception e) when (e is ArgumentException or IOException or UnauthorizedAccessException)
        {
            LogTrustFailed(message.Environment, message.Address, e.Message);
        }
        RegistryDeployment? desired;
        try
        {
            desired = RegistryDeployment.From(message, controller);
        }
        catch (ArgumentException e)
        {
            LogMalformed(e.Message);
            return;
        }
        lock (_gate)
        {
            _known = true;
            _desired = desired;
        }
        Touch();
    }

    /// <summary>The node's identity, for pulls from the registry; the session calls this at start and on every rotation.</summary>
    public void UseIdentity(NodeIdentity? identity) => credentials.UseIdentity(identity);

    /// <summary>Asks for a reconcile pass soon (a message, or an engine event of the registry container).</summary>
    public void Touch() => _wake.Writer.TryWrite(true);

    /// <summary>Reconciles until <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var delay = failures == 0 ? resyncInterval
                    : TimeSpan.FromMilliseconds(Math.Min(MaxRetryDelay.TotalMilliseconds, 500 * Math.Pow(2, failures - 1)));
                await WaitAsync(delay, cancellationToken);
                bool known;
                RegistryDeployment? desired;
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
                    foreach (var action in await reconciler.ReconcileAsync(desired, cancellationToken))
                    {
                        LogActed(action.ToString() ?? "");
                    }
                    failures = 0;
                    Interlocked.Increment(ref _passes);
                }
                catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    LogFailed(desired?.Environment ?? "-", e.Message, e);
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
