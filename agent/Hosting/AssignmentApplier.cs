using Codemason.Agent.Assignments;
using Codemason.Agent.Reconciliation;
using Codemason.Agent.State;
using Codemason.Proto.V1;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Hosting;

/// <summary>
/// Where assignment sets arrive (from the file or the controller): applies them to the book,
/// hands changes to the reconciler and persists the book. A persistence failure (disk full,
/// read-only) is reported and the agent keeps enforcing what it holds in memory.
/// </summary>
public sealed partial class AssignmentApplier(Reconciler reconciler, Engine.NodeScope scope, ILogger<AssignmentApplier> logger) : IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private AgentStateStore? _store;

    /// <summary>Revision of the assignments in force.</summary>
    public long Revision => reconciler.Book.Revision;

    /// <summary>The newest revision whose removals are done (<see cref="SettledRevision"/>).</summary>
    public SettledRevision Settled => reconciler.Settled;

    /// <summary>The state store to persist to; null when it could not be opened.</summary>
    public void UseStore(AgentStateStore? store) => _store = store;

    /// <summary>Applies a set; returns the outcome (rejected on a revision gap).</summary>
    public async Task<AssignmentOutcome> ApplyAsync(AssignmentSet set, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var outcome = reconciler.Book.Apply(set);
            if (!outcome.Applied)
            {
                LogRejected(outcome.Rejection!);
                return outcome;
            }
            foreach (var problem in outcome.Malformed)
            {
                LogMalformed(problem);
            }
            // Before the reconciler looks: containers an earlier agent made in these environments are this agent's.
            scope.ClaimLegacy(EnvironmentsOf(outcome.Book));
            reconciler.SetAssignments(outcome.Book, outcome.ChangedReplicaIds, set.Traceparent);
            LogApplied(outcome.Book.Revision, outcome.Book.Replicas.Count, outcome.ChangedReplicaIds.Count);
            if (_store is not null)
            {
                try
                {
                    await _store.SaveAssignmentsAsync(outcome.Book, cancellationToken);
                }
                catch (AgentStateException ex)
                {
                    LogPersistFailed(ex.Message);
                }
            }
            return outcome;
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    /// <summary>The environments a book names: of its replicas and of its deleted apps.</summary>
    public static IEnumerable<string> EnvironmentsOf(AssignmentBook book)
    {
        ArgumentNullException.ThrowIfNull(book);
        return book.Replicas.Keys.Select(r => r.App.Environment).Concat(book.DeletedApps.Select(a => a.Environment)).Distinct(StringComparer.Ordinal);
    }

    [LoggerMessage(EventId = 1300, Level = LogLevel.Information, Message = "assignments at revision {Revision}: {Count} replicas, {Changed} changed")]
    private partial void LogApplied(long revision, int count, int changed);

    [LoggerMessage(EventId = 1301, Level = LogLevel.Warning, Message = "assignment set rejected: {Reason}")]
    private partial void LogRejected(string reason);

    [LoggerMessage(EventId = 1302, Level = LogLevel.Error, Message = "{Reason}")]
    private partial void LogPersistFailed(string reason);

    [LoggerMessage(EventId = 1303, Level = LogLevel.Warning, Message = "assignment left out: {Problem}")]
    private partial void LogMalformed(string problem);
}
