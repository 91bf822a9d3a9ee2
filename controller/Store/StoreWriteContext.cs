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
    private readonly Dictionary<NodeId, string> _nodeLabels = [];

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

    /// <summary>
    /// "hostname (id)" of a node for event messages, or the id of a node that is gone; read once per transaction
    /// (a plan writes thousands of events about a few hundred nodes, and no write renames a node mid-transaction).
    /// </summary>
    public string NodeLabel(NodeId node)
    {
        if (!_nodeLabels.TryGetValue(node, out var label))
        {
            label = Scalar("SELECT hostname FROM nodes WHERE id = $id", ("$id", node.Value)) is string hostname ? $"{hostname} ({node})" : node.Value;
            _nodeLabels[node] = label;
        }
        return label;
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
            INSERT INTO events (revision, at, environment, app, service, replica_id, node_id, kind, message)
            VALUES ($revision, $at, $environment, $app, $service, $replica, $node, $kind, $message)
            RETURNING seq
            """,
            ("$revision", Revision), ("$at", NowMs), ("$environment", value.Environment), ("$app", value.App),
            ("$service", value.Service), ("$replica", value.ReplicaId), ("$node", value.NodeId),
            ("$kind", value.Kind), ("$message", value.Message));
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
            Message = value.Message,
        };
        AddChange(ResourceKind.Event, ChangeType.Added, value.Environment, value.App, seq.ToString(System.Globalization.CultureInfo.InvariantCulture), recorded);
    }
}
