using Codemason.Proto.V1;
using Google.Protobuf;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Store;

/// <summary>
/// A write transaction: the revision it commits at (if it changes anything), the time, and the change records
/// it wrote, published to subscribers after the commit.
/// </summary>
internal sealed class StoreWriteContext(SqliteConnection connection, SqliteTransaction transaction, long revision, DateTimeOffset now, StatementCache? statements = null)
    : StoreSession(connection, transaction, statements)
{
    private readonly List<ChangeRecord> _changes = [];

    // The write runs in its caller's flow: an apply's or a plan's span is the cause of its changes.
    private readonly string? _traceparent = Codemason.Telemetry.Tracing.TraceContext.Of(System.Diagnostics.Activity.Current);
    private readonly HashSet<AppKey> _appsEmitted = [];
    private readonly HashSet<AppKey> _runningChanged = [];
    private readonly Dictionary<NodeId, NodeRow?> _nodes = [];

    /// <summary>The revision this transaction commits at when <see cref="RevisionUsed"/>.</summary>
    public long Revision { get; } = revision;

    public DateTimeOffset Now { get; } = now;

    public long NowMs { get; } = now.ToUnixTimeMilliseconds();

    /// <summary>True once anything was written that bumps the store revision.</summary>
    public bool RevisionUsed { get; private set; }

    public IReadOnlyList<ChangeRecord> Changes => _changes;

    /// <summary>
    /// Apps whose running counts may have moved in this transaction (a replica entered or left RUNNING, or moved)
    /// and that have no app change of their own yet: the store emits their new value before the commit.
    /// </summary>
    public IEnumerable<AppKey> AppsWithStaleRunningCounts => _runningChanged.Where(a => !_appsEmitted.Contains(a));

    /// <summary>A replica of <paramref name="app"/> entered or left RUNNING (or moved): its app's running count may have changed.</summary>
    public void RunningCountChanged(AppKey app) => _runningChanged.Add(app);

    /// <summary>Whether <paramref name="node"/> exists and belongs to <paramref name="environment"/>.</summary>
    public bool IsNodeIn(NodeId node, string environment) => Node(node)?.Environment == environment;

    /// <summary>Whether the node's agent can be on its environment's overlay (so its replicas need addresses there).</summary>
    public bool IsOnOverlay(NodeId node) => Node(node)?.OnOverlay == true;

    /// <summary>"hostname (id)" of a node for event messages, or the id of a node that is gone.</summary>
    public string NodeLabel(NodeId node) => Node(node) is { } row ? $"{row.Hostname} ({node})" : node.Value;

    /// <summary>
    /// A node's environment and host name, read once per transaction: a plan places thousands of replicas on a few
    /// hundred nodes and writes an event for each, and no write renames or moves a node mid-transaction.
    /// </summary>
    private NodeRow? Node(NodeId node)
    {
        if (!_nodes.TryGetValue(node, out var row))
        {
            row = QuerySingle(
                "SELECT environment, hostname, advertise_address FROM nodes WHERE id = $id",
                r => new NodeRow(r.GetString(0), r.GetString(1), Networking.NetworkMessage.CanJoin(r.GetString(2))),
                ("$id", node.Value));
            _nodes[node] = row;
        }
        return row;
    }

    /// <summary>Marks a change that has no watchable object (tokens).</summary>
    public void Touch() => RevisionUsed = true;

    public void AddChange(
        ResourceKind kind,
        ChangeType type,
        string environment,
        string app,
        string key,
        IMessage value,
        NodeId? node = null,
        NodeId? previousNode = null,
        bool assignment = false)
    {
        Touch();
        if (kind == ResourceKind.App)
        {
            _appsEmitted.Add(new AppKey(environment, app));
        }
        var bytes = value.ToByteString();
        var seq = ScalarLong(
            """
            INSERT INTO changes (revision, at, kind, type, environment, app, object_key, node_id, previous_node_id, assignment, object)
            VALUES ($revision, $at, $kind, $type, $environment, $app, $key, $node, $previous, $assignment, $object)
            RETURNING seq
            """,
            ("$revision", Revision), ("$at", NowMs), ("$kind", (int)kind), ("$type", (int)type),
            ("$environment", environment), ("$app", app), ("$key", key), ("$node", node?.Value),
            ("$previous", previousNode?.Value), ("$assignment", assignment ? 1 : 0), ("$object", bytes.ToByteArray()));
        _changes.Add(new ChangeRecord(seq, Revision, Now, kind, type, environment, app, key, node, previousNode, assignment, bytes, _traceparent));
    }

    public void AddEvent(NewEvent value)
    {
        var seq = ScalarLong(
            """
            INSERT INTO events (revision, at, environment, app, service, replica_id, node_id, kind, message, actor)
            VALUES ($revision, $at, $environment, $app, $service, $replica, $node, $kind, $message, $actor)
            RETURNING seq
            """,
            ("$revision", Revision), ("$at", NowMs), ("$environment", value.Environment), ("$app", value.App),
            ("$service", value.Service), ("$replica", value.ReplicaId), ("$node", value.NodeId),
            ("$kind", value.Kind), ("$message", value.Message), ("$actor", value.Actor));
        var recorded = new Event
        {
            Revision = (ulong)Revision,
            At = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(Now),
            Environment = value.Environment,
            App = value.App,
            Service = value.Service,
            ReplicaId = value.ReplicaId,
            NodeId = value.NodeId,
            Kind = value.Kind,
            Actor = value.Actor,
            Message = value.Message,
        };
        AddChange(ResourceKind.Event, ChangeType.Added, value.Environment, value.App, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded);
    }
}
