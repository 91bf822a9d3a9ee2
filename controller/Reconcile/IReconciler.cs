namespace Codemason.Controller.Reconcile;

/// <summary>
/// Asks the controller's reconcile loop to bring placement in line with what is declared: replicas rows that match
/// each app's current revision, every replica on a node that may run it, or pending with the reason.
/// Requests coalesce; a failed pass retries with backoff; the periodic resync repairs whatever no request named.
/// </summary>
public interface IReconciler
{
    /// <summary>Queues the target and returns at once.</summary>
    void Enqueue(ReconcileTarget target);

    /// <summary>
    /// Queues the target and completes when a pass that started after this call has processed it: true when that
    /// pass succeeded; false when it failed (the loop logged it and retries on its own, so the caller need not).
    /// </summary>
    Task<bool> ReconcileAsync(ReconcileTarget target, CancellationToken cancellationToken);
}
