using Codemason.Controller.Scheduling;

namespace Codemason.Controller.Store;

/// <summary>
/// A replica row as the reconcile loop sees it: where it is (if anywhere), why not, and what it occupies there
/// (its revision's footprint; <see cref="ReplicaFootprint.None"/> when that service row is gone, which only a hand
/// edit of the database does), and whether it has its overlay address (replicas placed before the overlay existed
/// get theirs from the next pass).
/// </summary>
public sealed record PlacementReplica(ReplicaId Id, NodeId? Node, string Explanation, SpecHash SpecHash, ReplicaFootprint Footprint, bool HasAddress = true);
