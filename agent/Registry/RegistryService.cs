using Codemason.Agent.Engine;
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
    private readonly ReconcileLoop<RegistryDeployment> _loop = new(resyncInterval, time);

    /// <summary>Passes completed without error since start (for tests and health).</summary>
    public int Passes => _loop.Passes;

    /// <summary>What this node must run now: null when no registry (or no message yet).</summary>
    public RegistryDeployment? Desired => _loop.Desired;

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
        _loop.Set(desired);
    }

    /// <summary>The node's identity, for pulls from the registry; the session calls this at start and on every rotation.</summary>
    public void UseIdentity(NodeIdentity? identity) => credentials.UseIdentity(identity);

    /// <summary>Asks for a reconcile pass soon (a message, or an engine event of the registry container).</summary>
    public void Touch() => _loop.Touch();

    /// <summary>Reconciles until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) => _loop.RunAsync(PassAsync, e => LogFailed(Desired?.Environment ?? "-", e.Message, e), cancellationToken);

    private async Task PassAsync(RegistryDeployment? desired, CancellationToken cancellationToken)
    {
        foreach (var action in await reconciler.ReconcileAsync(desired, cancellationToken))
        {
            LogActed(action.ToString() ?? "");
        }
    }
}
