namespace Codemason.Controller.Store;

/// <summary>The reconcile loop's input for one environment, read in one snapshot.</summary>
/// <param name="Environment">The environment.</param>
/// <param name="StoreRevision">The store revision it was read at.</param>
/// <param name="Nodes">Its nodes.</param>
/// <param name="Replicas">Every replica row of its apps (the app's live or not), with where it is.</param>
/// <param name="Services">The services of every live app's current revision: what the replica rows should match.</param>
/// <param name="Failures">Replica deaths per node since the window the caller asked for; nodes without any are absent.</param>
public sealed record PlacementSnapshot(
    string Environment,
    long StoreRevision,
    IReadOnlyList<PlacementNode> Nodes,
    IReadOnlyList<PlacementReplica> Replicas,
    IReadOnlyList<DesiredService> Services,
    IReadOnlyDictionary<NodeId, NodeFailures> Failures);
