namespace Codemason.Controller.Store;

/// <summary>
/// The store's changes, in process: subscribe for live changes, read the retained change log after a revision.
/// The usual pattern (watch, dispatcher): subscribe first, then read the log after the revision you hold, then
/// take live changes whose revision is above the last one read — nothing is missed, nothing is seen twice.
/// </summary>
public interface IChangeFeed
{
    /// <summary>The last committed store revision.</summary>
    long CurrentRevision { get; }

    /// <summary>Subscribes to changes committed from now on; at most <paramref name="capacity"/> may wait unread.</summary>
    IChangeSubscription Subscribe(int capacity = DefaultSubscriptionCapacity);

    /// <summary>
    /// The retained changes after <paramref name="revision"/>, oldest first, at most <paramref name="limit"/>
    /// (whole revisions are never split unless one revision alone is larger). A revision older than the
    /// retained history throws <see cref="Errors.HistoryCompactedException"/>.
    /// </summary>
    Task<ChangePage> GetChangesAfterAsync(long revision, int limit, CancellationToken cancellationToken);

    /// <summary>Default <see cref="Subscribe"/> capacity: 10,000 changes.</summary>
    public const int DefaultSubscriptionCapacity = 10_000;
}
