using Codemason.Agent.Engine;
using Codemason.Proto.V1;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Edge;

/// <summary>
/// This node's side of its environment's edge proxy (docs/edge.md), fed by the session with each
/// <see cref="EnvironmentEdge"/> (full state: the latest wins). The background loop (<see cref="RunAsync"/>) reconciles
/// the edge container and its routes on every message, on engine events of the edge or of a replica (<see cref="Touch"/>:
/// a local replica's address may have changed) and every resync interval, with capped backoff after a failure. Failures
/// are logged, never thrown to the session. Until the first message nothing is reconciled: an edge that runs keeps
/// serving its last routes while the controller is away.
/// </summary>
public sealed partial class EdgeService(EdgeReconciler reconciler, TimeSpan resyncInterval, TimeProvider time, ILogger<EdgeService> logger)
{
    private readonly ReconcileLoop<EdgeDeployment> _loop = new(resyncInterval, time);

    /// <summary>Passes completed without error since start (for tests and health).</summary>
    public int Passes => _loop.Passes;

    /// <summary>What this node must run now: null when no edge (or no message yet).</summary>
    public EdgeDeployment? Desired => _loop.Desired;

    /// <summary>Takes the controller's latest view of the edge and queues a pass. A malformed one is logged and changes nothing.</summary>
    public void Submit(EnvironmentEdge message)
    {
        ArgumentNullException.ThrowIfNull(message);
        EdgeDeployment? desired;
        try
        {
            desired = EdgeDeployment.From(message);
        }
        catch (ArgumentException e)
        {
            LogMalformed(e.Message);
            return;
        }
        _loop.Set(desired);
    }

    /// <summary>Asks for a reconcile pass soon.</summary>
    public void Touch() => _loop.Touch();

    /// <summary>A replica of this node started or stopped: a pass when the routes reach replicas by their container address.</summary>
    public void ReplicaChanged()
    {
        if (Desired?.UsesLocalAddresses == true)
        {
            Touch();
        }
    }

    /// <summary>Reconciles until <paramref name="cancellationToken"/> fires.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        _loop.RunAsync(PassAsync, e => LogFailed(Desired?.Environment ?? "-", e.Message, e), cancellationToken);

    private async Task PassAsync(EdgeDeployment? desired, CancellationToken cancellationToken)
    {
        foreach (var action in await reconciler.ReconcileAsync(desired, cancellationToken))
        {
            LogActed(action.ToString() ?? "");
        }
    }
}
