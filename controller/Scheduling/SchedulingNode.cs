using Codemason.Controller.Nodes;
namespace Codemason.Controller.Scheduling;

/// <summary>A node of the environment being scheduled.</summary>
/// <param name="Id">Unique among the nodes of the request.</param>
/// <param name="Hostname">Matched by <c>node.hostname</c> constraints (case-insensitively).</param>
/// <param name="Status">Ready takes new replicas; Unknown keeps what it runs; Down loses its replicas.</param>
/// <param name="Availability">Active takes new replicas; Cordoned keeps what it runs; Drained loses its replicas.</param>
/// <param name="Labels">Matched by <c>node.labels.&lt;key&gt;</c> constraints (ordinally).</param>
/// <param name="Capacity">Memory and CPU that reservations may use; 0 in a dimension = unknown = unlimited.</param>
/// <param name="RecentFailures">Replica failures on this node within the caller's window; ranks the node after equal nodes without.</param>
/// <param name="LastFailureAt">When the last of those failures happened; among equal counts, the older ranks first.</param>
public sealed record SchedulingNode(
    NodeId Id,
    string Hostname,
    NodeStatus Status,
    NodeAvailability Availability,
    IReadOnlyDictionary<string, string> Labels,
    Resources Capacity = default,
    int RecentFailures = 0,
    DateTimeOffset? LastFailureAt = null);
