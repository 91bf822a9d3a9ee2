using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// What a node's agent is told to run and what it reports back: the COMPLETE and INCREMENTAL assignment sets,
/// the revision the agent acknowledged, and replica status batches. Used by <see cref="Dispatch.AgentServiceHandler"/>
/// only; it learns that a node has work from <see cref="IChangeFeed"/>.
/// </summary>
public interface IAssignmentFeed
{
    /// <summary>The COMPLETE set for a node: every replica placed on it with its spec, in one snapshot with its store revision.</summary>
    Task<NodeAssignments> GetNodeAssignmentsAsync(NodeId node, CancellationToken cancellationToken);

    /// <summary>
    /// The INCREMENTAL changes for a node after <paramref name="sinceRevision"/>; null when they cannot be
    /// computed (the change log no longer reaches back that far, or the revision is from the future) — send a
    /// COMPLETE set then.
    /// </summary>
    Task<NodeChanges?> GetNodeChangesAsync(NodeId node, long sinceRevision, CancellationToken cancellationToken);

    /// <summary>Records the revision the agent acknowledged (only ever moves forward).</summary>
    Task<long> SetNodeAppliedRevisionAsync(NodeId node, long revision, CancellationToken cancellationToken);

    /// <summary>
    /// Records the revision whose removals the agent finished (<c>AssignmentsSettled</c>; only ever moves forward).
    /// Returns the store revision of the write, or the current one when nothing changed.
    /// </summary>
    Task<long> SetNodeSettledRevisionAsync(NodeId node, long revision, CancellationToken cancellationToken);

    /// <summary>
    /// Applies an agent's status batch: the latest status per replica (by <c>observed_at</c>, then batch order);
    /// statuses for replicas not placed on <paramref name="node"/> are ignored (fencing), as are ones older than
    /// what is stored. Records "started" / "died" events on those transitions.
    /// </summary>
    Task<StatusBatchResult> ApplyReplicaStatusesAsync(NodeId node, IReadOnlyList<ReplicaStatus> statuses, CancellationToken cancellationToken);
}
