using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public Task<long> AppendEventsAsync(IReadOnlyList<NewEvent> events, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(events);
        return WriteAsync(context =>
        {
            foreach (var value in events)
            {
                context.AddEvent(value);
            }
            return context.RevisionUsed ? context.Revision : CurrentRevision;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<Listing<Event>> ListEventsAsync(EventFilter filter, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var limit = filter.Limit <= 0 ? 100 : filter.Limit;
        return ReadAsync(session =>
        {
            var where = new List<string> { "revision > $after" };
            if (!string.IsNullOrEmpty(filter.Environment))
            {
                where.Add("environment = $environment");
            }
            if (!string.IsNullOrEmpty(filter.App))
            {
                where.Add("app = $app");
            }
            var events = session.Query(
                $"SELECT revision, at, environment, app, service, replica_id, node_id, kind, message, actor FROM events WHERE {string.Join(" AND ", where)} ORDER BY seq DESC LIMIT $limit",
                r => new Event
                {
                    Revision = (ulong)r.GetInt64(0),
                    At = StoreQueries.ToTimestamp(r.GetInt64(1)),
                    Environment = r.GetString(2),
                    App = r.GetString(3),
                    Service = r.GetString(4),
                    ReplicaId = r.GetString(5),
                    NodeId = r.GetString(6),
                    Kind = r.GetString(7),
                    Message = r.GetString(8),
                    Actor = r.GetString(9),
                },
                ("$after", filter.AfterRevision), ("$environment", filter.Environment), ("$app", filter.App), ("$limit", limit));
            events.Reverse();
            return new Listing<Event>(events, session.ReadMeta("revision"));
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<PruneResult> PruneAsync(CancellationToken cancellationToken) =>
        WriteAsync(context =>
        {
            // Housekeeping writes no revision: it changes no object, only how far back history reaches.
            var eventCutoff = (context.Now - _options.EventRetention).ToUnixTimeMilliseconds();
            var events = context.Execute("DELETE FROM events WHERE at < $cutoff", ("$cutoff", eventCutoff));
            events += context.Execute(
                "DELETE FROM events WHERE seq <= (SELECT seq FROM events ORDER BY seq DESC LIMIT 1 OFFSET $max)",
                ("$max", _options.MaxEvents));

            var changeCutoff = (context.Now - _options.ChangeRetention).ToUnixTimeMilliseconds();
            var byCount = context.Scalar("SELECT seq FROM changes ORDER BY seq DESC LIMIT 1 OFFSET $max", ("$max", _options.MaxChanges));
            var lastSeq = byCount is null ? -1 : Convert.ToInt64(byCount, System.Globalization.CultureInfo.InvariantCulture);
            var floor = context.ReadMeta("history_floor");
            var prunedUpTo = context.ScalarLong(
                "SELECT COALESCE(MAX(revision), 0) FROM changes WHERE at < $cutoff OR seq <= $seq",
                ("$cutoff", changeCutoff), ("$seq", lastSeq));
            var changes = context.Execute("DELETE FROM changes WHERE at < $cutoff OR seq <= $seq", ("$cutoff", changeCutoff), ("$seq", lastSeq));
            if (prunedUpTo > floor)
            {
                floor = prunedUpTo;
                context.Execute("UPDATE store_meta SET value = $floor WHERE key = 'history_floor'", ("$floor", floor));
            }

            var tombstoneCutoff = (context.Now - _options.DeletedAppRetention).ToUnixTimeMilliseconds();
            var purged = context.Query(
                "SELECT environment, name FROM apps WHERE deleted_at IS NOT NULL AND deleted_at < $cutoff",
                r => new AppKey(r.GetString(0), r.GetString(1)),
                ("$cutoff", tombstoneCutoff));
            foreach (var app in purged)
            {
                context.Execute("DELETE FROM services WHERE environment = $environment AND app = $app", ("$environment", app.Environment), ("$app", app.App));
                context.Execute("DELETE FROM revisions WHERE environment = $environment AND app = $app", ("$environment", app.Environment), ("$app", app.App));
                context.Execute("DELETE FROM apps WHERE environment = $environment AND name = $app", ("$environment", app.Environment), ("$app", app.App));
            }
            var result = new PruneResult(events, changes, purged.Count, floor);
            if (events + changes + purged.Count > 0)
            {
                Log.Pruned(_logger, events, changes, purged.Count, floor);
            }
            return result;
        }, cancellationToken);
}
