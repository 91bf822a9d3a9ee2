using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>
/// The controller's desired and observed state. Every committed change bumps ONE store revision and writes the
/// change log that <see cref="IChangeFeed"/> serves; every row carries the revision it last changed at.
/// Writes are transactions: a method either commits all it does or nothing. Secrets (join tokens, node
/// credentials, API tokens) are made here, returned in plaintext once, and stored as SHA-256 hashes.
/// Domain failures are <see cref="Errors.ControllerException"/>s (not found, already exists, conflict, ...).
/// The SQLite implementation serialises writers in process; a PostgreSQL one would lock the app or node row.
/// </summary>
public interface IControllerStore
{
    /// <summary>Applies pending migrations (refusing a schema newer than this binary) and creates the bootstrap admin token when there is no API token yet.</summary>
    Task<StoreInitialization> InitializeAsync(CancellationToken cancellationToken);

    // API tokens

    /// <summary>Issues an API token with a name (the "who" of revisions); returns its plaintext once.</summary>
    Task<string> CreateApiTokenAsync(string name, CancellationToken cancellationToken);

    /// <summary>The token's identity, or null when it is unknown, revoked or malformed.</summary>
    Task<ApiTokenIdentity?> ValidateApiTokenAsync(string presented, CancellationToken cancellationToken);

    // Environments

    /// <summary>Creates an environment and its first join token. Exists: <c>AlreadyExistsException</c>.</summary>
    Task<EnvironmentCreated> CreateEnvironmentAsync(string name, CancellationToken cancellationToken);

    /// <summary>One environment, or null.</summary>
    Task<Proto.V1.Environment?> GetEnvironmentAsync(string name, CancellationToken cancellationToken);

    /// <summary>All environments, sorted by name.</summary>
    Task<Listing<Proto.V1.Environment>> ListEnvironmentsAsync(CancellationToken cancellationToken);

    /// <summary>Issues a join token (plaintext, once); <paramref name="rotate"/> revokes the earlier ones. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<string> IssueJoinTokenAsync(string environment, bool rotate, CancellationToken cancellationToken);

    // Nodes (dispatcher and NodeService)

    /// <summary>Creates a node from a valid, unrevoked join token; null when the token is wrong (no node is made).</summary>
    Task<NodeRegistrationResult?> RegisterNodeAsync(string joinToken, NodeDetails details, CancellationToken cancellationToken);

    /// <summary>The node when <paramref name="credential"/> is its credential; null otherwise (unknown or removed node, wrong credential).</summary>
    Task<NodeIdentity?> ValidateNodeCredentialAsync(NodeId node, string credential, CancellationToken cancellationToken);

    /// <summary>Refreshes what the agent reported at session start (host name, labels, capacity, versions, address) and marks it seen.</summary>
    Task<long> UpdateNodeDetailsAsync(NodeId node, NodeDetails details, CancellationToken cancellationToken);

    /// <summary>Sets Ready / Unknown / Down; no revision when unchanged.</summary>
    Task<long> SetNodeStatusAsync(NodeId node, NodeStatus status, CancellationToken cancellationToken);

    /// <summary>Sets Active / Cordoned / Drained; returns the node after the change.</summary>
    Task<Node> SetNodeAvailabilityAsync(NodeId node, NodeAvailability availability, CancellationToken cancellationToken);

    /// <summary>Records the revision the agent acknowledged (only ever moves forward).</summary>
    Task<long> SetNodeAppliedRevisionAsync(NodeId node, long revision, CancellationToken cancellationToken);

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

    // Assignments (dispatcher)

    /// <summary>The COMPLETE set for a node: every replica placed on it with its spec, in one snapshot with its store revision.</summary>
    Task<NodeAssignments> GetNodeAssignmentsAsync(NodeId node, CancellationToken cancellationToken);

    /// <summary>
    /// The INCREMENTAL changes for a node after <paramref name="sinceRevision"/>; null when they cannot be
    /// computed (the change log no longer reaches back that far, or the revision is from the future) — send a
    /// COMPLETE set then.
    /// </summary>
    Task<NodeChanges?> GetNodeChangesAsync(NodeId node, long sinceRevision, CancellationToken cancellationToken);

    /// <summary>
    /// Applies an agent's status batch: the latest status per replica (by <c>observed_at</c>, then batch order);
    /// statuses for replicas not placed on <paramref name="node"/> are ignored (fencing), as are ones older than
    /// what is stored. Records "started" / "died" events on those transitions.
    /// </summary>
    Task<StatusBatchResult> ApplyReplicaStatusesAsync(NodeId node, IReadOnlyList<ReplicaStatus> statuses, CancellationToken cancellationToken);

    // Placement (scheduler)

    /// <summary>Nodes, replicas, the desired services and the replica deaths per node since <paramref name="failuresSince"/> of an environment, in one snapshot. Unknown environment: <c>NotFoundException</c>.</summary>
    Task<PlacementSnapshot> GetPlacementSnapshotAsync(string environment, DateTimeOffset failuresSince, CancellationToken cancellationToken);

    /// <summary>
    /// Makes an app's replica rows match its current revision again (indexes 1..scale of each service with the
    /// service's spec hash; none for a deleted app), as a commit does, and records what it repaired as an event.
    /// Rows that already match are left alone; returns how many rows it added, changed or removed.
    /// </summary>
    Task<int> RepairReplicasAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Whether a replica of the environment waits for a node (is placed nowhere).</summary>
    Task<bool> HasUnplacedReplicasAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Places replicas (or leaves them pending with an explanation) in one transaction; unchanged decisions write nothing. Unknown replicas or nodes are skipped.</summary>
    Task<long> SetPlacementsAsync(IReadOnlyList<PlacementDecision> decisions, CancellationToken cancellationToken);

    // Apps

    /// <summary>
    /// Stores the next revision of an app with its services, and makes its replicas match (scale N → indexes
    /// 1..N; replicas of a changed spec get the new app revision; scaled-away replicas are removed) — all in
    /// one transaction, serialised with every other write. Unchanged model: nothing is written.
    /// Unknown environment: <c>NotFoundException</c>.
    /// </summary>
    Task<RevisionCommitResult> CommitRevisionAsync(RevisionDraft draft, CancellationToken cancellationToken);

    /// <summary>A live app with its services, or null.</summary>
    Task<App?> GetAppAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Live apps of an environment (null = all), sorted by environment, then name.</summary>
    Task<Listing<App>> ListAppsAsync(string? environment, CancellationToken cancellationToken);

    /// <summary>Kept revisions of a live app, newest first, without source and model. Unknown app: <c>NotFoundException</c>.</summary>
    Task<IReadOnlyList<Revision>> ListRevisionsAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>One revision with source and model (0 = current), or null when not kept.</summary>
    Task<Revision?> GetRevisionAsync(AppKey app, long number, CancellationToken cancellationToken);

    /// <summary>Removes the app's replicas and tombstones it (agents get it in <c>deleted_apps</c>). Unknown app: <c>NotFoundException</c>.</summary>
    Task<long> DeleteAppAsync(AppKey app, CancellationToken cancellationToken);

    /// <summary>Services of the live apps of an environment (service discovery).</summary>
    Task<IReadOnlyList<ServiceLocation>> ListServicesAsync(string environment, CancellationToken cancellationToken);

    /// <summary>Replicas, sorted by id.</summary>
    Task<Listing<Replica>> ListReplicasAsync(ReplicaFilter filter, CancellationToken cancellationToken);

    // Events

    /// <summary>Records events in one transaction.</summary>
    Task<long> AppendEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken);

    /// <summary>Events oldest first (the newest <c>Limit</c> of those matching).</summary>
    Task<Listing<Event>> ListEventsAsync(EventFilter filter, CancellationToken cancellationToken);

    // Housekeeping

    /// <summary>Prunes events and the change log by age and count, and purges old tombstoned apps.</summary>
    Task<PruneResult> PruneAsync(CancellationToken cancellationToken);
}
