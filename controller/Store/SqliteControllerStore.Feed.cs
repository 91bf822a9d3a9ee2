using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <inheritdoc />
    public IChangeSubscription Subscribe(int capacity = IChangeFeed.DefaultSubscriptionCapacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        var subscription = new ChangeSubscription(capacity, Unsubscribe);
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers, subscription];
        }
        return subscription;
    }

    private void Unsubscribe(ChangeSubscription subscription)
    {
        lock (_subscribersGate)
        {
            _subscribers = [.. _subscribers.Where(s => !ReferenceEquals(s, subscription))];
        }
    }

    /// <summary>Called under the write lock after a commit, so every subscriber sees revisions in order.</summary>
    private void Publish(IReadOnlyList<ChangeRecord> changes)
    {
        if (changes.Count == 0)
        {
            return;
        }
        List<ChangeSubscription> subscribers;
        lock (_subscribersGate)
        {
            subscribers = _subscribers;
        }
        foreach (var subscriber in subscribers)
        {
            foreach (var change in changes)
            {
                if (!subscriber.Offer(change))
                {
                    Unsubscribe(subscriber);
                    break;
                }
            }
        }
    }

    private const string ChangeSelect =
        "SELECT seq, revision, at, kind, type, environment, app, object_key, node_id, previous_node_id, assignment, object FROM changes";

    private static ChangeRecord ReadChange(Microsoft.Data.Sqlite.SqliteDataReader r) => new(
        r.GetInt64(0),
        r.GetInt64(1),
        DateTimeOffset.FromUnixTimeMilliseconds(r.GetInt64(2)),
        (ResourceKind)r.GetInt32(3),
        (ChangeType)r.GetInt32(4),
        r.GetString(5),
        r.GetString(6),
        r.GetString(7),
        r.IsDBNull(8) ? null : NodeId.Parse(r.GetString(8)),
        r.IsDBNull(9) ? null : NodeId.Parse(r.GetString(9)),
        r.GetInt64(10) != 0,
        ByteString.CopyFrom((byte[])r[11]));

    /// <inheritdoc />
    public Task<ChangePage> GetChangesAfterAsync(long revision, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        return ReadAsync(session =>
        {
            var floor = session.ReadMeta("history_floor");
            var current = session.ReadMeta("revision");
            if (revision < floor)
            {
                throw new HistoryCompactedException(revision, floor);
            }
            // One more than the limit tells whether the page is complete; whole revisions are kept together.
            var rows = session.Query(ChangeSelect + " WHERE revision > $after ORDER BY seq LIMIT $limit", ReadChange, ("$after", revision), ("$limit", limit + 1));
            if (rows.Count <= limit)
            {
                return new ChangePage(rows, current, Complete: true);
            }
            var lastRevision = rows[^2].Revision;
            var whole = rows.Where(r => r.Revision < lastRevision).ToList();
            if (whole.Count == 0)
            {
                // One revision alone is larger than the limit: return all of it rather than split it.
                whole = session.Query(ChangeSelect + " WHERE revision = $revision ORDER BY seq", ReadChange, ("$revision", lastRevision));
                return new ChangePage(whole, lastRevision, Complete: false);
            }
            return new ChangePage(whole, whole[^1].Revision, Complete: false);
        }, cancellationToken);
    }
}
