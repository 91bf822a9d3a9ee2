using Codemason.Controller.Nodes;

namespace Codemason.Controller.Store;

/// <summary>What node health checks need of a node: no labels, counts or reservations (cheap to list every second).</summary>
public sealed record NodeHealthRow(NodeId NodeId, string Environment, string Hostname, NodeStatus Status);
