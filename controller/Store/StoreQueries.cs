using System.Globalization;
using Codemason.Proto.V1;
using NodeStateWire = Codemason.Controller.Nodes.NodeStateWire;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>Reads rows into the API's messages; shared by readers and by writers (the change log holds the new value).</summary>
internal static class StoreQueries
{
    private const string NodeSelect = """
        SELECT n.id, n.hostname, n.environment, n.status, n.availability, n.labels, n.memory_mb, n.cpu_shares,
               n.engine_version, n.agent_version, n.last_seen, n.applied_revision, n.address,
               n.advertise_address,
               (SELECT COUNT(*) FROM replicas r WHERE r.node_id = n.id),
               (SELECT COALESCE(SUM(s.memory_mb), 0) FROM replicas r JOIN services s
                  ON s.environment = r.environment AND s.app = r.app AND s.app_revision = r.app_revision AND s.name = r.service
                WHERE r.node_id = n.id),
               (SELECT COALESCE(SUM(s.cpu_shares), 0) FROM replicas r JOIN services s
                  ON s.environment = r.environment AND s.app = r.app AND s.app_revision = r.app_revision AND s.name = r.service
                WHERE r.node_id = n.id),
               n.awaiting_approval, n.credential_issued_at, n.pending_credential_hash IS NOT NULL, n.settled_revision
        FROM nodes n
        """;

    /// <summary>
    /// The columns <see cref="ReadReplica"/> reads, in its order. The address shown is where the replica is reached: the
    /// one its serving container holds (after a start-first replacement, possibly its second address).
    /// </summary>
    private const string ReplicaColumns = """
        id, environment, app, service, idx, app_revision, node_id, state, container_id, exit_code, message,
        explanation, ports, restart_count, updated_at, observed_spec_hash, last_log_lines, COALESCE(serving_address, address)
        """;

    private const string ReplicaSelect = "SELECT " + ReplicaColumns + " FROM replicas";

    private const string AssignmentSelect = """
        SELECT r.id, r.environment, r.app, r.service, r.idx, r.app_revision, r.spec_hash, s.spec, r.address, r.surge_address
        FROM replicas r JOIN services s
          ON s.environment = r.environment AND s.app = r.app AND s.app_revision = r.app_revision AND s.name = r.service
        """;

    public static Timestamp ToTimestamp(long unixMs) => Timestamp.FromDateTimeOffset(DateTimeOffset.FromUnixTimeMilliseconds(unixMs));

    public static Proto.V1.Environment? LoadEnvironment(StoreSession session, string name) =>
        session.QuerySingle(
            """
            SELECT e.name, e.created_at,
                   (SELECT COUNT(*) FROM nodes n WHERE n.environment = e.name),
                   (SELECT COUNT(*) FROM apps a WHERE a.environment = e.name AND a.deleted_at IS NULL),
                   e.require_approval, e.allow_privileged, e.allowed_bind_paths
            FROM environments e WHERE e.name = $name
            """,
            ReadEnvironment, ("$name", name));

    /// <summary>The environment's host policy, or null when it does not exist.</summary>
    public static HostPolicy? LoadHostPolicy(StoreSession session, string environment) =>
        session.QuerySingle(
            "SELECT allow_privileged, allowed_bind_paths FROM environments WHERE name = $name",
            r => ReadHostPolicy(r, 0),
            ("$name", environment));

    public static List<Proto.V1.Environment> ListEnvironments(StoreSession session) =>
        session.Query(
            """
            SELECT e.name, e.created_at,
                   (SELECT COUNT(*) FROM nodes n WHERE n.environment = e.name),
                   (SELECT COUNT(*) FROM apps a WHERE a.environment = e.name AND a.deleted_at IS NULL),
                   e.require_approval, e.allow_privileged, e.allowed_bind_paths
            FROM environments e ORDER BY e.name
            """,
            ReadEnvironment);

    /// <summary>A host policy from its two columns (allow_privileged, allowed_bind_paths) starting at <paramref name="first"/>.</summary>
    private static HostPolicy ReadHostPolicy(SqliteDataReader r, int first) =>
        new() { AllowPrivileged = r.GetInt64(first) != 0, AllowedBindPaths = { StoreJson.ReadList(r.GetString(first + 1)) } };

    private static Proto.V1.Environment ReadEnvironment(SqliteDataReader r) => new()
    {
        Name = r.GetString(0),
        CreatedAt = ToTimestamp(r.GetInt64(1)),
        NodeCount = (uint)r.GetInt64(2),
        AppCount = (uint)r.GetInt64(3),
        RequireApproval = r.GetInt64(4) != 0,
        Policy = ReadHostPolicy(r, 5),
    };

    public static Node? LoadNode(StoreSession session, NodeId id) =>
        session.QuerySingle(NodeSelect + " WHERE n.id = $id", ReadNode, ("$id", id.Value));

    public static List<Node> ListNodes(StoreSession session, string? environment) =>
        string.IsNullOrEmpty(environment)
            ? session.Query(NodeSelect + " ORDER BY n.environment, n.hostname, n.id", ReadNode)
            : session.Query(NodeSelect + " WHERE n.environment = $environment ORDER BY n.hostname, n.id", ReadNode, ("$environment", environment));

    /// <summary>
    /// The nodes of an environment with what placement needs (id, hostname, status, availability, labels, capacity),
    /// without the per-node replica counts and reservations of <see cref="ListNodes"/>: three sub-queries per node,
    /// which the scheduler computes itself from the placements.
    /// </summary>
    public static List<PlacementNode> ListNodesForPlacement(StoreSession session, string environment) =>
        session.Query(
            "SELECT id, hostname, status, availability, labels, memory_mb, cpu_shares, advertise_address FROM nodes WHERE environment = $environment ORDER BY id",
            r => new PlacementNode(
                NodeId.Parse(r.GetString(0)),
                r.GetString(1),
                NodeStateWire.ToStatus((NodeStatus)r.GetInt32(2)),
                NodeStateWire.ToAvailability((NodeAvailability)r.GetInt32(3)) ?? Nodes.NodeAvailability.Active,
                StoreJson.ReadMap(r.GetString(4)),
                new Scheduling.Resources(r.GetInt64(5), r.GetInt64(6)),
                Networking.NetworkMessage.CanJoin(r.GetString(7))),
            ("$environment", environment));

    public static List<Node> FindNodesByHostname(StoreSession session, string hostname) =>
        session.Query(NodeSelect + " WHERE n.hostname = $hostname ORDER BY n.id", ReadNode, ("$hostname", hostname));

    private static Node ReadNode(SqliteDataReader r)
    {
        var node = new Node
        {
            Id = r.GetString(0),
            Hostname = r.GetString(1),
            Environment = r.GetString(2),
            Status = (NodeStatus)r.GetInt32(3),
            Availability = (NodeAvailability)r.GetInt32(4),
            Capacity = new Resources { MemoryMb = r.GetInt64(6), CpuShares = r.GetInt64(7) },
            EngineVersion = r.GetString(8),
            AgentVersion = r.GetString(9),
            LastSeen = ToTimestamp(r.GetInt64(10)),
            AppliedRevision = (ulong)r.GetInt64(11),
            Address = r.GetString(12),
            AdvertiseAddress = r.GetString(13),
            ReplicaCount = (uint)r.GetInt64(14),
            Reserved = new Resources { MemoryMb = r.GetInt64(15), CpuShares = r.GetInt64(16) },
            AwaitingApproval = r.GetInt64(17) != 0,
            CredentialIssuedAt = ToTimestamp(r.GetInt64(18)),
            CredentialRotationPending = r.GetInt64(19) != 0,
            SettledRevision = (ulong)r.GetInt64(20),
        };
        node.Labels.Add(StoreJson.ReadMap(r.GetString(5)));
        return node;
    }

    /// <summary>An app with its current services; <paramref name="includeDeleted"/> also finds a tombstone (its last value).</summary>
    public static App? LoadApp(StoreSession session, AppKey key, bool includeDeleted = false)
    {
        var row = session.QuerySingle(
            "SELECT environment, name, current_revision, updated_at, updated_by, revision, deleted_at FROM apps WHERE environment = $environment AND name = $name",
            r => Tuple.Create(
                new App
                {
                    Environment = r.GetString(0),
                    Name = r.GetString(1),
                    Revision = (ulong)r.GetInt64(2),
                    UpdatedAt = ToTimestamp(r.GetInt64(3)),
                    UpdatedBy = r.GetString(4),
                    StoreRevision = (ulong)r.GetInt64(5),
                },
                !r.IsDBNull(6)),
            ("$environment", key.Environment), ("$name", key.App));
        if (row is null || (row.Item2 && !includeDeleted))
        {
            return null;
        }
        var app = row.Item1;
        var running = session.Query(
            "SELECT service, COUNT(*) FROM replicas WHERE environment = $environment AND app = $app AND state = $running GROUP BY service",
            r => (Service: r.GetString(0), Count: r.GetInt64(1)),
            ("$environment", key.Environment), ("$app", key.App), ("$running", (int)ReplicaState.Running))
            .ToDictionary(x => x.Service, x => x.Count, StringComparer.Ordinal);
        var unplaced = session.Query(
            "SELECT service, idx, explanation FROM replicas WHERE environment = $environment AND app = $app AND node_id IS NULL AND explanation <> '' ORDER BY service, idx",
            r => (Service: r.GetString(0), Text: string.Create(CultureInfo.InvariantCulture, $"{r.GetString(0)}#{r.GetInt64(1)}: {r.GetString(2)}")),
            ("$environment", key.Environment), ("$app", key.App));
        var services = session.Query(
            "SELECT name, scale, image, spec_hash, ports FROM services WHERE environment = $environment AND app = $app AND app_revision = $revision ORDER BY name",
            r => new Service
            {
                Name = r.GetString(0),
                Scale = (uint)r.GetInt64(1),
                Image = r.GetString(2),
                SpecHash = r.GetString(3),
                Ports = { StoreJson.ReadList(r.GetString(4)) },
            },
            ("$environment", key.Environment), ("$app", key.App), ("$revision", (long)app.Revision));
        foreach (var service in services)
        {
            service.Running = (uint)running.GetValueOrDefault(service.Name);
            service.Unplaced.Add(unplaced.Where(u => u.Service == service.Name).Select(u => u.Text));
        }
        app.Services.Add(services);
        return app;
    }

    public static List<AppKey> ListAppKeys(StoreSession session, string? environment) =>
        string.IsNullOrEmpty(environment)
            ? session.Query("SELECT environment, name FROM apps WHERE deleted_at IS NULL ORDER BY environment, name", r => new AppKey(r.GetString(0), r.GetString(1)))
            : session.Query(
                "SELECT environment, name FROM apps WHERE deleted_at IS NULL AND environment = $environment ORDER BY name",
                r => new AppKey(r.GetString(0), r.GetString(1)),
                ("$environment", environment));

    /// <summary>Ends an INSERT or UPDATE of one replica row for <see cref="WriteReplica"/>: the row comes back as written.</summary>
    public const string ReturningReplica = " RETURNING " + ReplicaColumns;

    /// <summary>Runs an INSERT or UPDATE of one replica row ending in <see cref="ReturningReplica"/>, and returns the row as written (not read back by a second query).</summary>
    public static Replica WriteReplica(StoreSession session, string sql, params ReadOnlySpan<(string Name, object? Value)> parameters) =>
        session.QuerySingle(sql, ReadReplica, parameters) ?? throw new InvalidOperationException("the replica row written is missing");

    public static Replica? LoadReplica(StoreSession session, string id) =>
        session.QuerySingle(ReplicaSelect + " WHERE id = $id", ReadReplica, ("$id", id));

    public static List<Replica> ListReplicas(StoreSession session, ReplicaFilter filter)
    {
        var where = new List<string>();
        if (!string.IsNullOrEmpty(filter.Environment))
        {
            where.Add("environment = $environment");
        }
        if (!string.IsNullOrEmpty(filter.App))
        {
            where.Add("app = $app");
        }
        if (!string.IsNullOrEmpty(filter.Service))
        {
            where.Add("service = $service");
        }
        var sql = ReplicaSelect + (where.Count > 0 ? " WHERE " + string.Join(" AND ", where) : "") + " ORDER BY id";
        return session.Query(sql, ReadReplica, ("$environment", filter.Environment), ("$app", filter.App), ("$service", filter.Service));
    }

    private static Replica ReadReplica(SqliteDataReader r) => new()
    {
        Id = r.GetString(0),
        Environment = r.GetString(1),
        App = r.GetString(2),
        Service = r.GetString(3),
        Index = (uint)r.GetInt64(4),
        AppRevision = (ulong)r.GetInt64(5),
        NodeId = r.IsDBNull(6) ? "" : r.GetString(6),
        State = (ReplicaState)r.GetInt32(7),
        ContainerId = r.GetString(8),
        ExitCode = r.GetInt32(9),
        Message = r.GetString(10),
        Explanation = r.GetString(11),
        Ports = { StoreJson.ReadList(r.GetString(12)) },
        RestartCount = (uint)r.GetInt64(13),
        UpdatedAt = ToTimestamp(r.GetInt64(14)),
        SpecHash = r.GetString(15),
        LastLogLines = { StoreJson.ReadList(r.GetString(16)) },
        Address = r.IsDBNull(17) ? "" : Networking.Ipv4Subnet.Format((uint)r.GetInt64(17)),
    };

    public static List<ReplicaAssignment> ListAssignments(StoreSession session, NodeId node) =>
        session.Query(AssignmentSelect + " WHERE r.node_id = $node ORDER BY r.id", ReadAssignment, ("$node", node.Value));

    /// <summary>Of <paramref name="replicaIds"/>, the replicas placed on <paramref name="node"/>, as assignments.</summary>
    public static List<ReplicaAssignment> ListAssignments(StoreSession session, NodeId node, IReadOnlyCollection<string> replicaIds) =>
        session.Query(
            AssignmentSelect + " WHERE r.id IN (SELECT value FROM json_each($ids)) AND r.node_id = $node ORDER BY r.id",
            ReadAssignment,
            ("$ids", StoreJson.List(replicaIds)), ("$node", node.Value));

    private static ReplicaAssignment ReadAssignment(SqliteDataReader r) => new()
    {
        ReplicaId = r.GetString(0),
        Environment = r.GetString(1),
        App = r.GetString(2),
        Service = r.GetString(3),
        Index = (uint)r.GetInt64(4),
        AppRevision = (ulong)r.GetInt64(5),
        SpecHash = r.GetString(6),
        Spec = ContainerSpec.Parser.ParseFrom((byte[])r[7]),
        Address = r.IsDBNull(8) ? "" : Networking.Ipv4Subnet.Format((uint)r.GetInt64(8)),
        SurgeAddress = r.IsDBNull(9) ? "" : Networking.Ipv4Subnet.Format((uint)r.GetInt64(9)),
    };

    public static Revision ReadRevision(SqliteDataReader r, bool withSource)
    {
        var revision = new Revision
        {
            Environment = r.GetString(0),
            App = r.GetString(1),
            Number = (ulong)r.GetInt64(2),
            CreatedAt = ToTimestamp(r.GetInt64(3)),
            CreatedBy = r.GetString(4),
            Reason = r.GetString(5),
        };
        revision.Answers.Add(StoreJson.ReadMap(r.GetString(7)));
        if (withSource)
        {
            revision.Source = r.GetString(6);
            revision.NormalizedJson = r.GetString(8);
        }
        return revision;
    }
}
