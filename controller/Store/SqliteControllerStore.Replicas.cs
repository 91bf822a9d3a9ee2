using System.Globalization;
using ReplicaFootprint = Codemason.Controller.Scheduling.ReplicaFootprint;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public Task<Listing<Replica>> ListReplicasAsync(ReplicaFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        return ReadAsync(session => new Listing<Replica>(StoreQueries.ListReplicas(session, filter), session.ReadMeta("revision")), cancellationToken);
    }

    /// <inheritdoc />
    public Task<NodeAssignments> GetNodeAssignmentsAsync(NodeId node, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var environment = session.Scalar("SELECT environment FROM nodes WHERE id = $id", ("$id", node.Value)) as string ?? throw NodeNotFound(node);
            var replicas = WithDrains(session, environment, StoreQueries.ListAssignments(session, node));
            var deleted = session.Query(
                "SELECT environment, name FROM apps WHERE environment = $environment AND deleted_at IS NOT NULL ORDER BY name",
                r => new AppRef { Environment = r.GetString(0), App = r.GetString(1) },
                ("$environment", environment));
            var policy = StoreQueries.LoadHostPolicy(session, environment) ?? new HostPolicy();
            return new NodeAssignments(node, session.ReadMeta("revision"), replicas, deleted, policy);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<NodeChanges?> GetNodeChangesAsync(NodeId node, long sinceRevision, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var current = session.ReadMeta("revision");
            var floor = session.ReadMeta("history_floor");
            if (sinceRevision < floor || sinceRevision > current)
            {
                return null;
            }
            var environment = session.Scalar("SELECT environment FROM nodes WHERE id = $id", ("$id", node.Value)) as string;
            if (environment is null)
            {
                return null;
            }
            var touched = session.Query(
                """
                SELECT object_key FROM changes
                WHERE revision > $since AND kind = $replica AND assignment = 1 AND node_id = $node
                UNION
                SELECT object_key FROM changes
                WHERE revision > $since AND kind = $replica AND assignment = 1 AND previous_node_id = $node
                ORDER BY 1
                """,
                r => r.GetString(0),
                ("$since", sinceRevision), ("$replica", (int)ResourceKind.Replica), ("$node", node.Value));
            // The touched replicas still placed here, in one query (not one or two per replica).
            var here = touched.Count == 0
                ? []
                : WithDrains(session, environment, StoreQueries.ListAssignments(session, node, touched)).ToDictionary(a => a.ReplicaId, StringComparer.Ordinal);
            var upserts = new List<ReplicaAssignment>();
            var removed = new List<string>();
            foreach (var id in touched)
            {
                if (here.TryGetValue(id, out var assignment))
                {
                    upserts.Add(assignment);
                }
                else
                {
                    removed.Add(id);
                }
            }
            var deleted = session.Query(
                DeletedAppsSince,
                r => new AppRef { Environment = environment, App = r.GetString(0) },
                ("$since", sinceRevision), ("$environment", environment));
            return new NodeChanges(node, sinceRevision, current, upserts, removed, deleted);
        }, cancellationToken);

    /// <summary>
    /// Apps of an environment deleted after a revision (and still deleted). Kind and type are literals, not
    /// parameters, so SQLite can use the partial index <c>changes_app_deleted</c> instead of scanning every change
    /// after the revision (see <see cref="ControllerSchema"/>, migration 3).
    /// </summary>
    internal const string DeletedAppsSince =
        """
        SELECT DISTINCT c.app FROM changes c
        WHERE c.kind = 3 AND c.type = 3 AND c.environment = $environment AND c.revision > $since
          AND EXISTS (SELECT 1 FROM apps a WHERE a.environment = c.environment AND a.name = c.app AND a.deleted_at IS NOT NULL)
        ORDER BY 1
        """;

    /// <inheritdoc />
    public Task<StatusBatchResult> ApplyReplicaStatusesAsync(NodeId node, IReadOnlyList<ReplicaStatus> statuses, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(statuses);
        // The latest observation per replica; equal times keep the later one in the batch.
        var latest = statuses
            .Select((status, position) => (status, position))
            .GroupBy(s => s.status.ReplicaId, StringComparer.Ordinal)
            .Select(g => g.OrderBy(s => s.status.ObservedAt?.ToDateTimeOffset() ?? DateTimeOffset.MinValue).ThenBy(s => s.position).Last().status)
            .ToList();
        return WriteBatchedAsync(context =>
        {
            var ignored = new List<string>();
            var applied = 0;
            foreach (var status in latest)
            {
                var reason = ApplyStatus(context, node, status);
                if (reason is null)
                {
                    applied++;
                }
                else
                {
                    ignored.Add(status.ReplicaId);
                    Log.StatusIgnored(_logger, status.ReplicaId, node.Value, reason);
                }
            }
            return new StatusBatchResult(context.RevisionUsed ? context.Revision : CurrentRevision, applied, ignored);
        }, cancellationToken);
    }

    /// <summary>What a status is checked against besides the replica: when it was observed, and where it served.</summary>
    private sealed record StoredServing(long ObservedAt, bool Serving, long? ServingAddress, long? Address, long? SurgeAddress);

    private static long? Int64OrNull(Microsoft.Data.Sqlite.SqliteDataReader r, int column) => r.IsDBNull(column) ? null : r.GetInt64(column);

    /// <summary>Applies one status; returns why it was ignored, or null.</summary>
    private static string? ApplyStatus(StoreWriteContext context, NodeId node, ReplicaStatus status)
    {
        if (status.State == ReplicaState.Unspecified)
        {
            return "no state";
        }
        if (!ReplicaId.TryParse(status.ReplicaId, out _))
        {
            return $"malformed replica id (expected {ReplicaId.Form})";
        }
        var replica = StoreQueries.LoadReplica(context, status.ReplicaId);
        if (replica is null)
        {
            return "unknown replica";
        }
        if (replica.NodeId != node.Value)
        {
            return "not placed on this node";
        }
        var observedAt = status.ObservedAt?.ToDateTimeOffset().ToUnixTimeMilliseconds() ?? context.NowMs;
        var stored = context.QuerySingle(
            "SELECT observed_at, serving, serving_address, address, surge_address FROM replicas WHERE id = $id",
            r => new StoredServing(r.GetInt64(0), r.GetBoolean(1), Int64OrNull(r, 2), Int64OrNull(r, 3), Int64OrNull(r, 4)),
            ("$id", status.ReplicaId))!;
        if (observedAt < stored.ObservedAt)
        {
            return "older than the stored status";
        }
        // Only one of the replica's own addresses can be where it serves; anything else is not believed.
        var servingAddress = Networking.Ipv4Subnet.TryParseAddress(status.ServingAddress, out var parsed) && (parsed == stored.Address || parsed == stored.SurgeAddress)
            ? parsed
            : (long?)null;
        var servingChanged = stored.Serving != status.Serving || stored.ServingAddress != servingAddress;
        if (!servingChanged && replica.State == status.State && replica.ContainerId == status.ContainerId && replica.ExitCode == status.ExitCode
            && replica.Message == status.Message && replica.RestartCount == status.RestartCount && replica.SpecHash == status.SpecHash
            && replica.Ports.SequenceEqual(status.Ports) && replica.LastLogLines.SequenceEqual(status.LastLogLines))
        {
            return null;
        }
        var stateChanged = replica.State != status.State;
        var wasRunning = replica.State == ReplicaState.Running;
        context.Execute(
            """
            UPDATE replicas SET state = $state, container_id = $container, exit_code = $exit, message = $message,
                                last_log_lines = $logs, restart_count = $restarts, ports = $ports, observed_spec_hash = $hash,
                                observed_at = $observed, updated_at = CASE WHEN $changed THEN $now ELSE updated_at END, revision = $revision,
                                serving = $serving, serving_address = $serving_address
            WHERE id = $id
            """,
            ("$state", (int)status.State), ("$container", status.ContainerId), ("$exit", status.ExitCode), ("$message", status.Message),
            ("$logs", StoreJson.List(status.LastLogLines)), ("$restarts", (long)status.RestartCount), ("$ports", StoreJson.List(status.Ports)),
            ("$hash", status.SpecHash), ("$observed", observedAt), ("$changed", stateChanged ? 1 : 0), ("$now", context.NowMs),
            ("$revision", context.Revision), ("$serving", status.Serving ? 1 : 0), ("$serving_address", servingAddress), ("$id", status.ReplicaId));
        // The row as just written (what LoadReplica would read back), without reading it back.
        var value = replica;
        value.State = status.State;
        value.ContainerId = status.ContainerId;
        value.ExitCode = status.ExitCode;
        value.Message = status.Message;
        value.RestartCount = status.RestartCount;
        value.SpecHash = status.SpecHash;
        value.Ports.Clear();
        value.Ports.Add(status.Ports);
        value.LastLogLines.Clear();
        value.LastLogLines.Add(status.LastLogLines);
        if ((servingAddress ?? stored.Address) is { } at)
        {
            value.Address = Networking.Ipv4Subnet.Format((uint)at);
        }
        if (stateChanged)
        {
            value.UpdatedAt = StoreQueries.ToTimestamp(context.NowMs);
        }
        context.AddChange(ResourceKind.Replica, ChangeType.Modified, value.Environment, value.App, value.Id, value, node);
        if (stateChanged && (wasRunning || status.State == ReplicaState.Running))
        {
            context.RunningCountChanged(new AppKey(value.Environment, value.App));
        }
        if (stateChanged && status.State is ReplicaState.Running or ReplicaState.Failed)
        {
            var name = string.Create(CultureInfo.InvariantCulture, $"{value.Service}#{value.Index}");
            context.AddEvent(status.State == ReplicaState.Running
                ? new NewEvent("started", $"{name} started on node {node}", value.Environment, value.App, value.Service, value.Id, node.Value)
                : new NewEvent("died", FailedText(name, node.Value, status), value.Environment, value.App, value.Service, value.Id, node.Value));
        }
        return null;
    }

    /// <summary>
    /// The event line of a replica that failed: its exit code when it exited with one, else just "failed" (a new
    /// version that never got healthy, an image that could not be pulled), then the agent's detail unless it only
    /// repeats that.
    /// </summary>
    internal static string FailedText(string name, string node, ReplicaStatus status)
    {
        var what = status.ExitCode != 0 ? string.Create(CultureInfo.InvariantCulture, $"exited with code {status.ExitCode}") : "failed";
        var detail = status.Message.Length == 0 || status.Message.StartsWith(what, StringComparison.Ordinal) ? "" : ": " + status.Message;
        return $"{name} {what} on node {node}{detail}";
    }

    /// <inheritdoc />
    public Task<PlacementSnapshot> GetPlacementSnapshotAsync(string environment, DateTimeOffset failuresSince, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            RequireEnvironment(session, environment);
            var nodes = StoreQueries.ListNodesForPlacement(session, environment);
            // Each service row's footprint read once (20,000 replicas share a few dozen specs), not once per replica.
            var footprints = new Dictionary<(string App, long Revision, string Service), ReplicaFootprint>();
            foreach (var (app, revision, service, spec) in session.Query(
                "SELECT app, app_revision, name, spec FROM services WHERE environment = $environment",
                r => (r.GetString(0), r.GetInt64(1), r.GetString(2), (byte[])r[3]),
                ("$environment", environment)))
            {
                footprints[(app, revision, service)] = SpecFootprint.Of(ContainerSpec.Parser.ParseFrom(spec));
            }
            var services = session.Query(
                """
                SELECT s.app, s.name, s.app_revision, s.scale, s.spec_hash, s.placement FROM services s JOIN apps a
                  ON a.environment = s.environment AND a.name = s.app AND a.current_revision = s.app_revision
                WHERE a.environment = $environment AND a.deleted_at IS NULL ORDER BY s.app, s.name
                """,
                r => new DesiredService(r.GetString(0), r.GetString(1), r.GetInt64(2), r.GetInt32(3), SpecHash.Parse(r.GetString(4)),
                    footprints[(r.GetString(0), r.GetInt64(2), r.GetString(1))], StoredPlacement.FromJson(r.GetString(5))),
                ("$environment", environment));
            var replicas = new List<PlacementReplica>();
            foreach (var row in session.Query(
                "SELECT id, node_id, explanation, spec_hash, app_revision, address IS NOT NULL AND surge_address IS NOT NULL FROM replicas WHERE environment = $environment ORDER BY id",
                r => (Id: r.GetString(0), Node: r.IsDBNull(1) ? null : r.GetString(1), Explanation: r.GetString(2), Hash: r.GetString(3), Revision: r.GetInt64(4),
                    HasAddress: r.GetBoolean(5)),
                ("$environment", environment)))
            {
                // A row a hand edit left unreadable is not placed (nor counted; the drift check sees the app short of it).
                if (ReplicaId.TryParse(row.Id, out var id) && SpecHash.TryParse(row.Hash, out var hash))
                {
                    replicas.Add(new PlacementReplica(
                        id, NodeId.TryParse(row.Node, out var node) ? node : null, row.Explanation, hash,
                        footprints.GetValueOrDefault((id.App.App, row.Revision, id.Service), ReplicaFootprint.None), row.HasAddress));
                }
            }
            var failures = session.Query(
                """
                SELECT node_id, COUNT(*), MAX(at) FROM events
                WHERE at >= $since AND environment = $environment AND kind = 'died' AND node_id <> '' GROUP BY node_id
                """,
                r => (Node: r.GetString(0), Failures: new NodeFailures(r.GetInt32(1), DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)))),
                ("$since", failuresSince.ToUnixTimeMilliseconds()), ("$environment", environment))
                .Where(f => NodeId.TryParse(f.Node, out _))
                .ToDictionary(f => NodeId.Parse(f.Node), f => f.Failures);
            return new PlacementSnapshot(environment, session.ReadMeta("revision"), nodes, replicas, services, failures);
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> HasUnplacedReplicasAsync(string environment, CancellationToken cancellationToken) =>
        ReadAsync(session => session.Scalar(
            "SELECT 1 FROM replicas WHERE environment = $environment AND node_id IS NULL LIMIT 1", ("$environment", environment)) is not null,
            cancellationToken);

    /// <inheritdoc />
    public Task<long> SetPlacementsAsync(IReadOnlyList<PlacementDecision> decisions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decisions);
        return WriteAsync(context =>
        {
            var addresses = new ReplicaAddresses(this, context);
            foreach (var decision in decisions)
            {
                var row = context.QuerySingle(
                    "SELECT r.node_id, r.explanation, r.environment, r.address IS NOT NULL, r.surge_address IS NOT NULL FROM replicas r WHERE r.id = $id",
                    r => Tuple.Create(r.IsDBNull(0) ? (NodeId?)null : NodeId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2),
                        r.GetBoolean(3), r.GetBoolean(4)),
                    ("$id", decision.Replica.Value));
                if (row is null)
                {
                    continue;
                }
                var (from, explanation, environment, hasAddress, hasSurgeAddress) = (row.Item1, row.Item2, row.Item3, row.Item4, row.Item5);
                var to = decision.Node;
                if (to is { } target && !context.IsNodeIn(target, environment))
                {
                    continue;
                }
                var newExplanation = to is null ? decision.Explanation : "";
                // A replica runs only with its addresses on the environment's network (its own, and a second one for a
                // start-first replacement); without them it waits, explained.
                uint? address = null;
                uint? surgeAddress = null;
                if (to is { } placed && (!hasAddress || !hasSurgeAddress) && context.IsOnOverlay(placed))
                {
                    string? noAddress = null;
                    if (!hasAddress)
                    {
                        (address, noAddress) = addresses.Take(environment);
                    }
                    if (noAddress is null && !hasSurgeAddress)
                    {
                        (surgeAddress, noAddress) = addresses.Take(environment);
                    }
                    if (noAddress is not null)
                    {
                        (to, newExplanation, address, surgeAddress) = (null, $"{decision.Replica.Service}#{decision.Replica.Index}: {noAddress}", null, null);
                    }
                }
                if (from == to && explanation == newExplanation && address is null && surgeAddress is null)
                {
                    continue;
                }
                MovePlacement(context, decision.Replica.Value, from, to, newExplanation, address, surgeAddress);
            }
            return context.RevisionUsed ? context.Revision : CurrentRevision;
        }, cancellationToken);
    }

    /// <summary>
    /// Moves a replica to a node (or to pending) and records the change and an event; gives it <paramref name="address"/>
    /// and <paramref name="surgeAddress"/> when it has none.
    /// </summary>
    private static void MovePlacement(
        StoreWriteContext context, string replicaId, NodeId? from, NodeId? to, string explanation, uint? address = null, uint? surgeAddress = null)
    {
        var moved = from != to;
        var value = moved
            ? StoreQueries.WriteReplica(
                context,
                """
                UPDATE replicas SET node_id = $node, explanation = $explanation, state = $state, container_id = '', exit_code = 0,
                                    message = '', last_log_lines = '[]', restart_count = 0, ports = '[]', observed_spec_hash = '',
                                    observed_at = 0, updated_at = $now, revision = $revision, address = COALESCE(address, $address),
                                    surge_address = COALESCE(surge_address, $surge), serving = 0, serving_address = NULL
                WHERE id = $id
                """ + StoreQueries.ReturningReplica,
                ("$node", to?.Value), ("$explanation", explanation), ("$state", (int)(to is null ? ReplicaState.Pending : ReplicaState.Assigned)),
                ("$now", context.NowMs), ("$revision", context.Revision), ("$address", address is { } a ? (long)a : null),
                ("$surge", surgeAddress is { } s ? (long)s : null), ("$id", replicaId))
            : StoreQueries.WriteReplica(
                context,
                """
                UPDATE replicas SET explanation = $explanation, revision = $revision, address = COALESCE(address, $address),
                                    surge_address = COALESCE(surge_address, $surge)
                WHERE id = $id
                """ + StoreQueries.ReturningReplica,
                ("$explanation", explanation), ("$revision", context.Revision), ("$address", address is { } b ? (long)b : null),
                ("$surge", surgeAddress is { } t ? (long)t : null), ("$id", replicaId));
        // A replica that gets its address where it is (placed before the overlay existed) has a new assignment too.
        context.AddChange(ResourceKind.Replica, ChangeType.Modified, value.Environment, value.App, value.Id, value, to, moved ? from : null,
            assignment: moved || ((address is not null || surgeAddress is not null) && to is not null));
        if (moved && from is not null)
        {
            // A replica that leaves a node stops counting as running (its state starts over).
            context.RunningCountChanged(new AppKey(value.Environment, value.App));
        }
        if (!moved && to is not null)
        {
            // Only its address was given, where it runs: nothing to tell.
            return;
        }
        var name = string.Create(CultureInfo.InvariantCulture, $"{value.Service}#{value.Index}");
        var e = (from, to) switch
        {
            (null, { } node) => new NewEvent("scheduled", $"{name} placed on node {context.NodeLabel(node)}", value.Environment, value.App, value.Service, value.Id, node.Value),
            ({ } old, { } node) => new NewEvent("rescheduled", $"{name} moved from node {context.NodeLabel(old)} to node {context.NodeLabel(node)}", value.Environment, value.App, value.Service, value.Id, node.Value),
            ({ } old, null) => new NewEvent("unscheduled", $"{name} left node {context.NodeLabel(old)}: {explanation}", value.Environment, value.App, value.Service, value.Id, old.Value),
            (null, null) => new NewEvent("unschedulable", $"{name} cannot be placed: {explanation}", value.Environment, value.App, value.Service, value.Id),
        };
        context.AddEvent(e);
    }
}
