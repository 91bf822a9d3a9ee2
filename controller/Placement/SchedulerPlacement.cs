using Codemason.Controller.Apply;
using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;

namespace Codemason.Controller.Placement;

/// <summary>
/// Places an environment's replicas with the pure <see cref="Scheduler"/>: reads one snapshot,
/// maps it onto the scheduler's records, writes back only the decisions that change something.
/// One environment is planned at a time, so two plans never place the same replica twice.
/// Requests coalesce: every request that arrives while a plan of the environment waits to start is
/// answered by that one plan (it reads the store after all of them arrived), so a thousand agents
/// reconnecting at once cost one or two plans of the environment, not a thousand.
/// </summary>
public sealed partial class SchedulerPlacement(IControllerStore store, ILogger<SchedulerPlacement> logger) : IPlacementService, IDisposable
{
    private readonly SemaphoreSlim _gate = new(1, 1);
    private readonly Lock _queuedGate = new();
    private readonly Dictionary<string, TaskCompletionSource> _queued = new(StringComparer.Ordinal);

    public Task PlaceAsync(string environment, CancellationToken cancellationToken)
    {
        TaskCompletionSource? plan;
        lock (_queuedGate)
        {
            if (!_queued.TryGetValue(environment, out plan))
            {
                plan = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                _queued[environment] = plan;
                _ = RunAsync(environment, plan);
            }
        }
        return plan.Task.WaitAsync(cancellationToken);
    }

    private async Task RunAsync(string environment, TaskCompletionSource plan)
    {
        try
        {
            await _gate.WaitAsync(CancellationToken.None);
        }
        catch (ObjectDisposedException e)
        {
            plan.TrySetException(e);
            return;
        }
        try
        {
            // From here on a new request needs a new plan: it may have seen a change this one will not read.
            lock (_queuedGate)
            {
                _queued.Remove(environment);
            }
            await PlaceOnceAsync(environment, CancellationToken.None);
            plan.TrySetResult();
        }
        catch (Exception e)
        {
            plan.TrySetException(e);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task PlaceOnceAsync(string environment, CancellationToken cancellationToken)
    {
        // A child of the request that started this plan (an apply, a node going Down), so its moves join that trace.
        using var activity = Telemetry.ControllerTracing.Source.StartActivity("schedule");
        activity?.SetTag("codemason.environment", environment);
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
            var node = assignment.Node;
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

    public void Dispose() => _gate.Dispose();

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "moved {Replica} from {From} to {To}")]
    private partial void LogMove(string replica, string from, string to);
}
