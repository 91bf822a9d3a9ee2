namespace Codemason.Controller.Scheduling;

/// <summary>Where a replica of the environment runs now.</summary>
/// <param name="Replica">Its id, <c>env/app/service#index</c>.</param>
/// <param name="Node">Its node; null = not placed.</param>
/// <param name="Footprint">
/// What it occupies. Needed for replicas of services not being scheduled (other apps), whose ports and
/// reservations must still count; ignored for services being scheduled, whose current spec counts.
/// </param>
public sealed record ReplicaPlacement(ReplicaId Replica, NodeId? Node, ReplicaFootprint? Footprint = null);
