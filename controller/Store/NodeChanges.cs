using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// What changed for one node after <see cref="FromRevision"/> up to <see cref="ToRevision"/> (one snapshot): the
/// body of an INCREMENTAL <c>AssignmentSet</c> with <c>prev_revision = FromRevision</c>, <c>revision = ToRevision</c>.
/// Upserts carry the current assignment of replicas now on the node; removed ids are replicas that left it
/// (moved, scaled away, app deleted).
/// </summary>
public sealed record NodeChanges(
    NodeId Node,
    long FromRevision,
    long ToRevision,
    IReadOnlyList<ReplicaAssignment> Upserts,
    IReadOnlyList<string> RemovedReplicaIds,
    IReadOnlyList<AppRef> DeletedApps)
{
    /// <summary>True when nothing changed for the node (the revision may still have moved).</summary>
    public bool IsEmpty => Upserts.Count == 0 && RemovedReplicaIds.Count == 0 && DeletedApps.Count == 0;
}
