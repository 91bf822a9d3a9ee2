using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// Nodes: joining with a join token, node credentials, what the agent reports, status (Ready / Unknown / Down),
/// availability (Active / Cordoned / Drained), last-seen times, listing and removal. Used by
/// <see cref="Dispatch.AgentServiceHandler"/> (join, session start, Ready), <see cref="Dispatch.NodeHealthMonitor"/>
/// (last seen, Unknown / Down) and <see cref="Api.NodeServiceHandler"/> (list, get, cordon / drain, remove).
/// </summary>
public interface INodeStore
{
    /// <summary>
    /// Creates a node from a valid join token and counts the use; null when the token is wrong (no node is made). A genuine
    /// token that expired, was used up or was revoked: <c>JoinRefusedException</c> saying so. In an environment that
    /// requires approval the node is made cordoned and awaiting approval.
    /// </summary>
    Task<NodeRegistrationResult?> RegisterNodeAsync(string joinToken, NodeDetails details, CancellationToken cancellationToken);

    /// <summary>
    /// The node when <paramref name="credential"/> is its credential, or the rotated one it was sent and has not confirmed
    /// (presenting that one confirms it: the old one stops working); null otherwise (unknown or removed node, wrong credential).
    /// </summary>
    Task<NodeIdentity?> ValidateNodeCredentialAsync(NodeId node, string credential, CancellationToken cancellationToken);

    /// <summary>Makes a new credential for the node and keeps it pending beside the current one; returns its plaintext. Unknown node: <c>NotFoundException</c>.</summary>
    Task<string> BeginCredentialRotationAsync(NodeId node, CancellationToken cancellationToken);

    /// <summary>The agent stored <paramref name="credential"/>: when it is the pending one it becomes the node's credential and the old one stops working. False when it is not pending (any more).</summary>
    Task<bool> ConfirmCredentialRotationAsync(NodeId node, string credential, CancellationToken cancellationToken);

    /// <summary>A node awaiting approval becomes Active; returns it. Not awaiting approval: <c>FailedPreconditionException</c>.</summary>
    Task<Node> ApproveNodeAsync(NodeId node, CancellationToken cancellationToken);

    /// <summary>Refreshes what the agent reported at session start (host name, labels, capacity, versions, address) and marks it seen.</summary>
    Task<long> UpdateNodeDetailsAsync(NodeId node, NodeDetails details, CancellationToken cancellationToken);

    /// <summary>Sets Ready / Unknown / Down; no revision when unchanged.</summary>
    Task<long> SetNodeStatusAsync(NodeId node, Nodes.NodeStatus status, CancellationToken cancellationToken);

    /// <summary>Sets Active / Cordoned / Drained; returns the node after the change.</summary>
    Task<Node> SetNodeAvailabilityAsync(NodeId node, Nodes.NodeAvailability availability, CancellationToken cancellationToken);

    /// <summary>Persists last-seen times in one write. A liveness detail, not a change: no revision, no watch event.</summary>
    Task RecordNodesSeenAsync(IReadOnlyDictionary<NodeId, DateTimeOffset> lastSeen, CancellationToken cancellationToken);

    /// <summary>A node by id, else by host name; null when none. Several nodes with that host name: <c>FailedPreconditionException</c>.</summary>
    Task<Node?> GetNodeAsync(string idOrHostname, CancellationToken cancellationToken);

    /// <summary>Nodes of an environment (null = all), sorted by environment, then host name.</summary>
    Task<Listing<Node>> ListNodesAsync(string? environment, CancellationToken cancellationToken);

    /// <summary>Every node's id, environment, hostname and status, without the per-node aggregates of <see cref="ListNodesAsync"/>.</summary>
    Task<IReadOnlyList<NodeHealthRow>> ListNodeHealthAsync(CancellationToken cancellationToken);

    /// <summary>Forgets a node: its credential stops working and its replicas become pending ("node X was removed").</summary>
    Task<long> RemoveNodeAsync(NodeId node, CancellationToken cancellationToken);
}
