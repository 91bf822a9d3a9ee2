using Codemason.Proto.V1;

namespace Codemason.Agent.Reconciliation;

/// <summary>What the planner decided for one replica.</summary>
/// <param name="Actions">Steps to perform, in order; empty when the replica is as it should be.</param>
/// <param name="State">The state to report now (before the actions run).</param>
/// <param name="Message">Detail for a person ("exited with code 1; restarting in 20s").</param>
/// <param name="ContainerId">The container that is (or will stay) the replica's, when there is one.</param>
/// <param name="ExitCode">Exit code of the last exit, when the state is Failed.</param>
/// <param name="RecheckAfter">Plan this replica again after this delay even without an event (backoff, health gate).</param>
/// <param name="History">What to remember of the replica after this plan.</param>
public sealed record ReplicaPlan(
    IReadOnlyList<ReplicaAction> Actions,
    ReplicaState State,
    string Message,
    string? ContainerId,
    int? ExitCode,
    TimeSpan? RecheckAfter,
    ReplicaMemory History)
{
    /// <summary>
    /// The container that serves requests now: the replica's own when it runs healthy (or without a health check),
    /// else an old one kept while the new one starts; null when none does. Edges route to it (docs/edge.md).
    /// </summary>
    public ObservedContainer? Serving { get; init; }

    public bool IsNoOp => Actions.Count == 0;
}
