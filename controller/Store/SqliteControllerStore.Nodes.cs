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
        // writer (docs/security.md, "Limits"). The caller logs refusals, at a bounded rate; the write transaction
        // checks the token again, with its lifetime and uses.
        if (tokenId is null || !await JoinTokenMatchesAsync(tokenId, joinToken, cancellationToken))
        {
            return null;
        }
        var result = await WriteAsync(context => Register(context, tokenId, joinToken, details), cancellationToken);
        if (result is not null)
        {
            Log.NodeJoined(_logger, result.NodeId.Value, details.Hostname, result.Environment);
        }
        return result;
    }

    private NodeRegistrationResult? Register(StoreWriteContext context, string tokenId, string joinToken, NodeDetails details)
    {
        var token = context.QuerySingle(
            "SELECT environment, hash, revoked_at, expires_at, max_uses, uses FROM join_tokens WHERE id = $id",
            r => new JoinTokenRow(
                r.GetString(0), (byte[])r[1], r.IsDBNull(2) ? null : r.GetInt64(2), r.IsDBNull(3) ? null : r.GetInt64(3), r.GetInt64(4), r.GetInt64(5)),
            ("$id", tokenId));
        if (token is null || !SecretTokens.Matches(joinToken, token.Hash))
        {
            return null;
        }
        // The caller holds the exact token from here on, so it may learn why that token no longer works.
        const string Reissue = "issue a new one with `mason agent install-command`";
        if (token.RevokedAt is { } revokedAt)
        {
            throw new JoinRefusedException($"the join token was revoked at {FormatTime(revokedAt)} (join tokens of {token.Environment} were rotated); {Reissue}");
        }
        if (token.ExpiresAt is { } expiresAt && expiresAt <= context.NowMs)
        {
            throw new JoinRefusedException($"the join token expired at {FormatTime(expiresAt)}; {Reissue}");
        }
        if (token.MaxUses > 0 && token.Uses >= token.MaxUses)
        {
            throw new JoinRefusedException(token.MaxUses == 1
                ? $"the join token was already used (it allows one join); {Reissue}"
                : $"the join token was already used {token.Uses} times (it allows {token.MaxUses} joins); {Reissue}");
        }
        context.Execute("UPDATE join_tokens SET uses = uses + 1 WHERE id = $id", ("$id", tokenId));
        var nodeId = RegisterWith(context, token.Environment, details, out var credential);
        return new NodeRegistrationResult(nodeId, token.Environment, credential, context.Revision);
    }

    private static string FormatTime(long unixMs) =>
        DateTimeOffset.FromUnixTimeMilliseconds(unixMs).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", System.Globalization.CultureInfo.InvariantCulture);

    private sealed record JoinTokenRow(string Environment, byte[] Hash, long? RevokedAt, long? ExpiresAt, long MaxUses, long Uses);

    private NodeId RegisterWith(StoreWriteContext context, string environment, NodeDetails details, out string plaintext)
    {
        var approval = Convert.ToInt64(context.Scalar("SELECT require_approval FROM environments WHERE name = $name", ("$name", environment)) ?? 0L,
            System.Globalization.CultureInfo.InvariantCulture) != 0;
        var nodeId = NodeId.New();
        var credential = SecretTokens.Issue(SecretTokens.NodeCredentialPrefix, nodeId.Value);
        context.Execute(
            """
            INSERT INTO nodes (id, environment, hostname, credential_hash, status, availability, labels, memory_mb, cpu_shares,
                               engine_version, agent_version, address, advertise_address, last_seen, applied_revision, joined_at, revision,
                               awaiting_approval, credential_issued_at)
            VALUES ($id, $environment, $hostname, $hash, $status, $availability, $labels, $memory, $cpu,
                    $engine, $agent, $address, $advertise, $at, 0, $at, $revision, $awaiting, $at)
            """,
            ("$id", nodeId.Value), ("$environment", environment), ("$hostname", details.Hostname), ("$hash", credential.Hash),
            ("$status", (int)NodeStatus.Ready), ("$availability", (int)(approval ? NodeAvailability.Cordoned : NodeAvailability.Active)), ("$labels", StoreJson.Map(details.Labels)),
            ("$memory", details.Capacity?.MemoryMb ?? 0), ("$cpu", details.Capacity?.CpuShares ?? 0), ("$engine", details.EngineVersion),
            ("$agent", details.AgentVersion), ("$address", details.Address), ("$advertise", details.AdvertiseAddress), ("$at", context.NowMs),
            ("$revision", context.Revision), ("$awaiting", approval ? 1 : 0));
        EnsureNodeGateway(context, environment, nodeId);
        context.AddChange(ResourceKind.Node, ChangeType.Added, environment, "", nodeId.Value, StoreQueries.LoadNode(context, nodeId)!, nodeId);
        EmitEnvironment(context, environment);
        context.AddEvent(new NewEvent(
            "node-joined",
            approval ? $"node {details.Hostname} ({nodeId}) joined; it is cordoned until approved (mason nodes approve {nodeId})"
                : $"node {details.Hostname} ({nodeId}) joined",
            Environment: environment, NodeId: nodeId.Value));
        plaintext = credential.Plaintext;
        return nodeId;
    }

    /// <summary>Whether the presented join token is one the controller issued (revoked, expired or used up included: its holder learns why at the write).</summary>
    private Task<bool> JoinTokenMatchesAsync(string tokenId, string joinToken, CancellationToken cancellationToken) =>
        ReadAsync(session =>
        {
            var hash = session.QuerySingle(
                "SELECT hash FROM join_tokens WHERE id = $id", r => (byte[])r[0], ("$id", tokenId));
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
    public async Task<NodeIdentity?> ValidateNodeCredentialAsync(NodeId node, string credential, CancellationToken cancellationToken)
    {
        if (credential is null)
        {
            return null;
        }
        var row = await ReadAsync(session => session.QuerySingle(
            "SELECT environment, credential_hash, pending_credential_hash FROM nodes WHERE id = $id",
            r => Tuple.Create(r.GetString(0), (byte[])r[1], r.IsDBNull(2) ? null : (byte[])r[2]),
            ("$id", node.Value)), cancellationToken);
        if (row is null)
        {
            return null;
        }
        if (SecretTokens.Matches(credential, row.Item2))
        {
            if (row.Item3 is not null)
            {
                // The agent came back with the old credential: it never stored the rotated one, which nobody holds now.
                await WriteAsync(context => context.Execute(
                    "UPDATE nodes SET pending_credential_hash = NULL WHERE id = $id AND pending_credential_hash = $pending",
                    ("$id", node.Value), ("$pending", row.Item3)), cancellationToken);
            }
            return new NodeIdentity(node, row.Item1);
        }
        // The agent stored the rotated credential but its confirmation was lost (cut off mid-rotation): presenting it confirms it.
        return row.Item3 is not null && SecretTokens.Matches(credential, row.Item3) && await ConfirmCredentialRotationAsync(node, credential, cancellationToken)
            ? new NodeIdentity(node, row.Item1)
            : null;
    }

    /// <inheritdoc />
    public Task<string> BeginCredentialRotationAsync(NodeId node, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var credential = SecretTokens.Issue(SecretTokens.NodeCredentialPrefix, node.Value);
            if (context.Execute("UPDATE nodes SET pending_credential_hash = $hash WHERE id = $id", ("$hash", credential.Hash), ("$id", node.Value)) == 0)
            {
                throw NodeNotFound(node);
            }
            return credential.Plaintext;
        }, cancellationToken);

    /// <inheritdoc />
    public Task<bool> ConfirmCredentialRotationAsync(NodeId node, string credential, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var hash = SecretTokens.Hash(credential);
        return WriteAsync(context =>
        {
            var updated = context.Execute(
                """
                UPDATE nodes SET credential_hash = pending_credential_hash, pending_credential_hash = NULL, credential_issued_at = $at, revision = $revision
                WHERE id = $id AND pending_credential_hash = $hash
                """,
                ("$at", context.NowMs), ("$revision", context.Revision), ("$id", node.Value), ("$hash", hash));
            if (updated == 0)
            {
                return false;
            }
            var value = EmitNode(context, node);
            context.AddEvent(new NewEvent("node-credential-rotated", $"node {value.Hostname} ({node}) has a new credential; the old one no longer works",
                Environment: value.Environment, NodeId: node.Value));
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Node> ApproveNodeAsync(NodeId node, CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            var awaiting = context.Scalar("SELECT awaiting_approval FROM nodes WHERE id = $id", ("$id", node.Value)) ?? throw NodeNotFound(node);
            if (Convert.ToInt64(awaiting, System.Globalization.CultureInfo.InvariantCulture) == 0)
            {
                var current = StoreQueries.LoadNode(context, node)!;
                throw new FailedPreconditionException($"node {current.Hostname} ({node}) does not wait for approval");
            }
            context.Execute(
                "UPDATE nodes SET awaiting_approval = 0, availability = $active, revision = $revision WHERE id = $id",
                ("$active", (int)NodeAvailability.Active), ("$revision", context.Revision), ("$id", node.Value));
            var value = EmitNode(context, node);
            context.AddEvent(new NewEvent("node-approved", $"node {value.Hostname} ({node}) was approved and is ACTIVE", Environment: value.Environment, NodeId: node.Value));
            return value;
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
            if (availability == Nodes.NodeAvailability.Active
                && Convert.ToInt64(context.Scalar("SELECT awaiting_approval FROM nodes WHERE id = $id", ("$id", node.Value)), System.Globalization.CultureInfo.InvariantCulture) != 0)
            {
                throw new FailedPreconditionException($"node {node} waits for approval; approve it with `mason nodes approve {node}`");
            }
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
    public Task<long> SetNodeSettledRevisionAsync(NodeId node, long revision, CancellationToken cancellationToken) =>
        WriteBatchedAsync(context =>
        {
            var updated = context.Execute(
                "UPDATE nodes SET settled_revision = $settled, last_seen = $at, revision = $revision WHERE id = $id AND settled_revision < $settled",
                ("$settled", revision), ("$at", context.NowMs), ("$revision", context.Revision), ("$id", node.Value));
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
