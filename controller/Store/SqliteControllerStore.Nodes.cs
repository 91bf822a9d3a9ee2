using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using NodeStateWire = Codemason.Controller.Nodes.NodeStateWire;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public async Task<NodeRegistrationResult?> RegisterNodeAsync(string joinToken, NodeDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        var tokenId = SecretTokens.TryGetId(joinToken, SecretTokens.JoinTokenPrefix);
        // A wrong token is refused by a read, never in a write transaction: forged Hellos must not queue on the one
        // writer (docs/security.md, "Limits"). The caller logs refusals, at a bounded rate.
        if (tokenId is null || !await JoinTokenMatchesAsync(tokenId, joinToken, cancellationToken))
        {
            return null;
        }
        var result = await WriteAsync(context =>
        {
            var token = context.QuerySingle(
                "SELECT environment, hash FROM join_tokens WHERE id = $id AND revoked_at IS NULL",
                r => Tuple.Create(r.GetString(0), (byte[])r[1]),
                ("$id", tokenId));
            if (token is null || !SecretTokens.Matches(joinToken, token.Item2))
            {
                return null;
            }
            var environment = token.Item1;
            var nodeId = NodeId.New();
            var credential = SecretTokens.Issue(SecretTokens.NodeCredentialPrefix, nodeId.Value);
            context.Execute(
                """
                INSERT INTO nodes (id, environment, hostname, credential_hash, status, availability, labels, memory_mb, cpu_shares,
                                   engine_version, agent_version, address, advertise_address, last_seen, applied_revision, joined_at, revision)
                VALUES ($id, $environment, $hostname, $hash, $status, $availability, $labels, $memory, $cpu,
                        $engine, $agent, $address, $advertise, $at, 0, $at, $revision)
                """,
                ("$id", nodeId.Value), ("$environment", environment), ("$hostname", details.Hostname), ("$hash", credential.Hash),
                ("$status", (int)NodeStatus.Ready), ("$availability", (int)NodeAvailability.Active), ("$labels", StoreJson.Map(details.Labels)),
                ("$memory", details.Capacity?.MemoryMb ?? 0), ("$cpu", details.Capacity?.CpuShares ?? 0), ("$engine", details.EngineVersion),
                ("$agent", details.AgentVersion), ("$address", details.Address), ("$advertise", details.AdvertiseAddress), ("$at", context.NowMs),
                ("$revision", context.Revision));
            EnsureNodeGateway(context, environment, nodeId);
            context.AddChange(ResourceKind.Node, ChangeType.Added, environment, "", nodeId.Value, StoreQueries.LoadNode(context, nodeId)!, nodeId);
            EmitEnvironment(context, environment);
            context.AddEvent(new NewEvent("node-joined", $"node {details.Hostname} ({nodeId}) joined", Environment: environment, NodeId: nodeId.Value));
            return new NodeRegistrationResult(nodeId, environment, credential.Plaintext, context.Revision);
        }, cancellationToken);
        if (result is not null)
        {
            Log.NodeJoined(_logger, result.NodeId.Value, details.Hostname, result.Environment);
        }
        return result;
    }

    private Task<bool> JoinTokenMatchesAsync(string tokenId, string joinToken, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var hash = session.QuerySingle(
                "SELECT hash FROM join_tokens WHERE id = $id AND revoked_at IS NULL", r => (byte[])r[0], ("$id", tokenId));
            return hash is not null && SecretTokens.Matches(joinToken, hash);
        }, cancellationToken);

    private static void EmitEnvironment(StoreWriteContext context, string name)
    {
        var environment = StoreQueries.LoadEnvironment(context, name);
        if (environment is not null)
        {
            context.Execute("UPDATE environments SET revision = $revision WHERE name = $name", ("$revision", context.Revision), ("$name", name));
            context.AddChange(ResourceKind.Environment, ChangeType.Modified, name, "", name, environment);
        }
    }

    /// <inheritdoc />
    public Task<NodeIdentity?> ValidateNodeCredentialAsync(NodeId node, string credential, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var row = session.QuerySingle(
                "SELECT environment, credential_hash FROM nodes WHERE id = $id",
                r => Tuple.Create(r.GetString(0), (byte[])r[1]),
                ("$id", node.Value));
            return row is not null && credential is not null && SecretTokens.Matches(credential, row.Item2) ? new NodeIdentity(node, row.Item1) : null;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> UpdateNodeDetailsAsync(NodeId node, NodeDetails details, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(details);
        return WriteAsync(context =>
        {
            var updated = context.Execute(
                """
                UPDATE nodes SET hostname = $hostname, labels = $labels, memory_mb = $memory, cpu_shares = $cpu, engine_version = $engine,
                                 agent_version = $agent, address = $address, advertise_address = $advertise, last_seen = $at, revision = $revision
                WHERE id = $id
                """,
                ("$hostname", details.Hostname), ("$labels", StoreJson.Map(details.Labels)), ("$memory", details.Capacity?.MemoryMb ?? 0),
                ("$cpu", details.Capacity?.CpuShares ?? 0), ("$engine", details.EngineVersion), ("$agent", details.AgentVersion),
                ("$address", details.Address), ("$advertise", details.AdvertiseAddress), ("$at", context.NowMs), ("$revision", context.Revision),
                ("$id", node.Value));
            if (updated == 0)
            {
                throw NodeNotFound(node);
            }
            // Nodes that joined before the overlay existed get their gateway at their next session.
            var environment = (string)context.Scalar("SELECT environment FROM nodes WHERE id = $id", ("$id", node.Value))!;
            EnsureNodeGateway(context, environment, node);
            EmitNode(context, node);
            return context.Revision;
        }, cancellationToken);
    }

    private static Node EmitNode(StoreWriteContext context, NodeId node)
    {
        var value = StoreQueries.LoadNode(context, node)!;
        context.AddChange(ResourceKind.Node, ChangeType.Modified, value.Environment, "", node.Value, value, node);
        return value;
    }

    /// <inheritdoc />
    public Task<long> SetNodeStatusAsync(NodeId node, Nodes.NodeStatus status, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var current = context.Scalar("SELECT status FROM nodes WHERE id = $id", ("$id", node.Value)) ?? throw NodeNotFound(node);
            var column = (int)NodeStateWire.ToWire(status);
            if (Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture) == column)
            {
                return CurrentRevision;
            }
            context.Execute("UPDATE nodes SET status = $status, revision = $revision WHERE id = $id", ("$status", column), ("$revision", context.Revision), ("$id", node.Value));
            var value = EmitNode(context, node);
            context.AddEvent(new NewEvent(
                status switch { Nodes.NodeStatus.Ready => "node-ready", Nodes.NodeStatus.Down => "node-down", _ => "node-unknown" },
                $"node {value.Hostname} ({node}) is {status.ToString().ToUpperInvariant()}",
                Environment: value.Environment,
                NodeId: node.Value));
            return context.Revision;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Node> SetNodeAvailabilityAsync(NodeId node, Nodes.NodeAvailability availability, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var current = context.Scalar("SELECT availability FROM nodes WHERE id = $id", ("$id", node.Value)) ?? throw NodeNotFound(node);
            var column = (int)NodeStateWire.ToWire(availability);
            if (Convert.ToInt32(current, System.Globalization.CultureInfo.InvariantCulture) == column)
            {
                return StoreQueries.LoadNode(context, node)!;
            }
            context.Execute(
                "UPDATE nodes SET availability = $availability, revision = $revision WHERE id = $id",
                ("$availability", column), ("$revision", context.Revision), ("$id", node.Value));
            var value = EmitNode(context, node);
            context.AddEvent(new NewEvent(
                "node-" + availability.ToString().ToLowerInvariant(),
                $"node {value.Hostname} ({node}) is {availability.ToString().ToUpperInvariant()}",
                Environment: value.Environment,
                NodeId: node.Value));
            return value;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<long> SetNodeAppliedRevisionAsync(NodeId node, long revision, CancellationToken cancellationToken) =>
        WriteBatchedAsync(context =>
        {
            var updated = context.Execute(
                "UPDATE nodes SET applied_revision = $applied, last_seen = $at, revision = $revision WHERE id = $id AND applied_revision < $applied",
                ("$applied", revision), ("$at", context.NowMs), ("$revision", context.Revision), ("$id", node.Value));
            if (updated == 0)
            {
                return CurrentRevision;
            }
            EmitNode(context, node);
            return context.Revision;
        }, cancellationToken);

    /// <inheritdoc />
    public Task RecordNodesSeenAsync(IReadOnlyDictionary<NodeId, DateTimeOffset> lastSeen, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(lastSeen);
        return WriteAsync(context =>
        {
            // One prepared statement for the whole batch (a thousand nodes every few seconds).
            using var update = context.Command("UPDATE nodes SET last_seen = $at WHERE id = $id AND last_seen < $at", ("$at", 0L), ("$id", ""));
            foreach (var (node, at) in lastSeen)
            {
                update.Parameters[0].Value = at.ToUnixTimeMilliseconds();
                update.Parameters[1].Value = node.Value;
                update.ExecuteNonQuery();
            }
            return 0;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Node?> GetNodeAsync(string idOrHostname, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var byId = NodeId.TryParse(idOrHostname, out var id) ? StoreQueries.LoadNode(session, id) : null;
            if (byId is not null)
            {
                return byId;
            }
            var byName = StoreQueries.FindNodesByHostname(session, idOrHostname);
            return byName.Count switch
            {
                0 => null,
                1 => byName[0],
                _ => throw new FailedPreconditionException(
                    $"{byName.Count} nodes are called {idOrHostname} ({string.Join(", ", byName.Select(n => n.Id))}); use the node id"),
            };
        }, cancellationToken);

    /// <inheritdoc />
    public Task<Listing<Node>> ListNodesAsync(string? environment, CancellationToken cancellationToken) =>
        ReadAsync(session => new Listing<Node>(StoreQueries.ListNodes(session, environment), session.ReadMeta("revision")), cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NodeHealthRow>> ListNodeHealthAsync(CancellationToken cancellationToken) =>
        ReadAsync<IReadOnlyList<NodeHealthRow>>(session => session.Query(
            "SELECT id, environment, hostname, status FROM nodes ORDER BY environment, hostname, id",
            r => new NodeHealthRow(NodeId.Parse(r.GetString(0)), r.GetString(1), r.GetString(2), NodeStateWire.ToStatus((NodeStatus)r.GetInt32(3)))), cancellationToken);

    /// <inheritdoc />
    public Task<long> RemoveNodeAsync(NodeId node, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var value = StoreQueries.LoadNode(context, node) ?? throw NodeNotFound(node);
            var replicas = context.Query("SELECT id FROM replicas WHERE node_id = $id ORDER BY id", r => r.GetString(0), ("$id", node.Value));
            foreach (var replica in replicas)
            {
                MovePlacement(context, replica, node, null, $"node {value.Hostname} ({node}) was removed");
            }
            context.Execute("DELETE FROM nodes WHERE id = $id", ("$id", node.Value));
            context.AddChange(ResourceKind.Node, ChangeType.Deleted, value.Environment, "", node.Value, value, node);
            EmitEnvironment(context, value.Environment);
            context.AddEvent(new NewEvent("node-removed", $"node {value.Hostname} ({node}) was removed", Environment: value.Environment, NodeId: node.Value));
            return context.Revision;
        }, cancellationToken);
}
