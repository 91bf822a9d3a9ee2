using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// A replica row as the reconcile loop sees it: where it is (if anywhere) and what it needs (ports, resources in
/// <see cref="Spec"/>; null when its service row is gone, which only a hand edit of the database does).
/// </summary>
public sealed record PlacementReplica(ReplicaId Id, NodeId? Node, string Explanation, SpecHash SpecHash, ContainerSpec? Spec);
