using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>The scheduler's input for one environment, read in one snapshot: its nodes and every replica of its apps.</summary>
public sealed record PlacementSnapshot(string Environment, long StoreRevision, IReadOnlyList<Node> Nodes, IReadOnlyList<PlacementReplica> Replicas);
