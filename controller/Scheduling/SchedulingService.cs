using Codemason.Mortar.Model;

namespace Codemason.Controller.Scheduling;

/// <summary>A service whose replicas <c>1 .. Scale</c> are to be placed.</summary>
/// <param name="Key">App and service name.</param>
/// <param name="Scale">Desired replica count; placements of higher indexes are ignored (the caller removes them).</param>
/// <param name="SpecHash">Hash of the spec the replicas run; carried to the assignments unchanged.</param>
/// <param name="Placement">Its placement rules from mason.json: constraints that must all hold, and the most replicas on one node.</param>
/// <param name="Footprint">Fixed host ports and the reservation of each replica.</param>
public sealed record SchedulingService(
    ServiceKey Key,
    int Scale,
    SpecHash SpecHash,
    PlacementRules Placement,
    ReplicaFootprint Footprint);
