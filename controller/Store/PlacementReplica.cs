using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>A replica as the scheduler sees it: where it is (if anywhere) and what it needs (ports, resources in <see cref="Spec"/>).</summary>
public sealed record PlacementReplica(ReplicaId Id, string App, string Service, int Index, NodeId? Node, string Explanation, SpecHash SpecHash, ContainerSpec Spec);
