using Codemason.Agent.Assignments;

namespace Codemason.Agent.Reconciliation;

/// <summary>
/// The newest assignment revision whose removals are done: no container of a replica that book no longer holds is left
/// on the node. The session reports it to the controller (<c>AssignmentsSettled</c>), so that <c>mason scale --wait</c>
/// returns only once surplus replicas are gone, as <c>docker service scale</c> does. It only moves forward.
/// </summary>
public sealed class SettledRevision
{
    private readonly Lock _gate = new();
    private long _revision;
    private TaskCompletionSource _changed = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The settled revision; 0 before the first.</summary>
    public long Value
    {
        get
        {
            lock (_gate)
            {
                return _revision;
            }
        }
    }

    /// <summary>
    /// Whether <paramref name="book"/> is settled: every replica some managed container on the node belongs to
    /// (<paramref name="withContainers"/>) is one the book holds. Pure.
    /// </summary>
    public static bool Holds(AssignmentBook book, IEnumerable<ReplicaId> withContainers)
    {
        ArgumentNullException.ThrowIfNull(book);
        ArgumentNullException.ThrowIfNull(withContainers);
        return withContainers.All(book.Replicas.ContainsKey);
    }

    /// <summary>Records that the book at <paramref name="revision"/> is settled; an older revision changes nothing.</summary>
    public void Report(long revision)
    {
        lock (_gate)
        {
            if (revision <= _revision)
            {
                return;
            }
            _revision = revision;
            _changed.TrySetResult();
            _changed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        }
    }

    /// <summary>The settled revision once it is above <paramref name="seen"/>.</summary>
    public async Task<long> WaitAboveAsync(long seen, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task changed;
            lock (_gate)
            {
                if (_revision > seen)
                {
                    return _revision;
                }
                changed = _changed.Task;
            }
            await changed.WaitAsync(cancellationToken);
        }
    }
}
