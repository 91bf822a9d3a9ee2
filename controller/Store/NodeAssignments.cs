using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// Everything one node must run, read in one snapshot at <see cref="StoreRevision"/>: the body of a COMPLETE
/// <c>AssignmentSet</c>. <see cref="DeletedApps"/> lists the tombstoned apps of the node's environment; <see cref="Policy"/>
/// is the environment's host policy, which the agent enforces again.
/// </summary>
public sealed record NodeAssignments(NodeId Node, long StoreRevision, IReadOnlyList<ReplicaAssignment> Replicas, IReadOnlyList<AppRef> DeletedApps, HostPolicy Policy);
