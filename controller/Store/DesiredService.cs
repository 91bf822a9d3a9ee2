using Codemason.Controller.Scheduling;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Store;

/// <summary>A service of an app's current revision: what its replicas should be and where they may run.</summary>
/// <param name="App">The app.</param>
/// <param name="Name">The service.</param>
/// <param name="AppRevision">The app revision the service row belongs to.</param>
/// <param name="Scale">Replicas <c>1 .. Scale</c> should exist.</param>
/// <param name="SpecHash">The hash every replica of it should carry.</param>
/// <param name="Footprint">What each replica occupies on its node: fixed host ports and reservations.</param>
/// <param name="Placement">Its placement rules.</param>
public sealed record DesiredService(string App, string Name, long AppRevision, int Scale, SpecHash SpecHash, ReplicaFootprint Footprint, PlacementRules Placement);
