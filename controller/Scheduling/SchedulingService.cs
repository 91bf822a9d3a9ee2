namespace Codemason.Controller.Scheduling;

/// <summary>A service whose replicas <c>0 .. Scale-1</c> are to be placed.</summary>
/// <param name="Key">App and service name.</param>
/// <param name="Scale">Desired replica count; placements of higher indexes are ignored (the caller removes them).</param>
/// <param name="SpecHash">Hash of the spec the replicas run; carried to the assignments unchanged.</param>
/// <param name="Constraints">
/// Placement constraints, all of which must hold: <c>node.labels.&lt;key&gt; == value</c>, <c>node.labels.&lt;key&gt; != value</c>,
/// <c>node.hostname == name</c>, <c>node.hostname != name</c>. A malformed one leaves every replica unplaced, explained.
/// </param>
/// <param name="Footprint">Fixed host ports and the reservation of each replica.</param>
/// <param name="MaxReplicasPerNode">Most replicas of this service on one node; null = no limit.</param>
public sealed record SchedulingService(
    ServiceKey Key,
    int Scale,
    SpecHash SpecHash,
    IReadOnlyList<string> Constraints,
    ReplicaFootprint Footprint,
    int? MaxReplicasPerNode = null);
