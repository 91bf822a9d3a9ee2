using Codemason.Controller.Apply;
using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;

namespace Codemason.Controller.Placement;

/// <summary>
/// Places an environment's replicas with the pure <see cref="Scheduler"/>: reads one snapshot,
/// maps it onto the scheduler's records, writes back only the decisions that change something.
/// One environment is planned at a time, so two plans never place the same replica twice.
/// </summary>
public sealed partial class SchedulerPlacement(IControllerStore store, ILogger<SchedulerPlacement> logger) : IPlacementService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task PlaceAsync(string environment, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await store.GetPlacementSnapshotAsync(environment, cancellationToken);
            var result = Scheduler.Schedule(PlacementMapping.ToRequest(snapshot));
            var current = snapshot.Replicas.ToDictionary(r => r.Id.Value, StringComparer.Ordinal);
            var decisions = new List<PlacementDecision>();
            foreach (var assignment in result.Assignments)
            {
                if (!current.TryGetValue(assignment.Replica.Value, out var replica))
                {
                    continue;
                }
                var node = assignment.Node is { } n ? new Store.NodeId(n.Value) : (Store.NodeId?)null;
                var explanation = assignment.Outcome == PlacementOutcome.Unplaced ? assignment.Explanation ?? "cannot be placed" : "";
                if (replica.Node != node || replica.Explanation != explanation)
                {
                    decisions.Add(new PlacementDecision(replica.Id, node, explanation));
                }
            }
            if (decisions.Count > 0)
            {
                await store.SetPlacementsAsync(decisions, cancellationToken);
                foreach (var move in result.Moves)
                {
                    LogMove(move.Replica.Value, move.From.Value, move.To?.Value ?? "(unplaced)");
                }
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "moved {Replica} from {From} to {To}")]
    private partial void LogMove(string replica, string from, string to);
}
