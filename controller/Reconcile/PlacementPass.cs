using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Reconcile;

/// <summary>
/// One reconcile of an environment's apps: read one snapshot; rewrite the replica rows of apps that no longer match
/// their current revision; place with the pure <see cref="Scheduler"/>; write only the decisions that change
/// something. Idempotent: a pass with nothing to do writes nothing.
/// </summary>
public sealed partial class PlacementPass(IPlacementStore store, IOptions<ReconcileOptions> options, TimeProvider time, ILogger<PlacementPass> logger)
{
    /// <summary>Reconciles the apps of <paramref name="apps"/> (null = every app) of <paramref name="environment"/>.</summary>
    public async Task<PassResult> RunAsync(string environment, IReadOnlySet<string>? apps, CancellationToken cancellationToken)
    {
        var failuresSince = time.GetUtcNow() - options.Value.FailureWindow;
        var snapshot = await store.GetPlacementSnapshotAsync(environment, failuresSince, cancellationToken);
        var outOfStep = ReplicaDrift.AppsOutOfStep(snapshot, apps);
        var repaired = 0;
        foreach (var app in outOfStep)
        {
            repaired += await store.RepairReplicasAsync(new AppKey(environment, app), cancellationToken);
        }
        if (repaired > 0)
        {
            LogRepaired(environment, repaired, string.Join(", ", outOfStep));
            snapshot = await store.GetPlacementSnapshotAsync(environment, failuresSince, cancellationToken);
        }

        var result = Scheduler.Schedule(PlacementMapping.ToRequest(snapshot, apps) with { MaxReplicasPerNode = options.Value.MaxReplicasPerNode });
        var current = snapshot.Replicas.ToDictionary(r => r.Id);
        var onOverlay = snapshot.Nodes.Where(n => n.OnOverlay).Select(n => n.Id).ToHashSet();
        var decisions = new List<PlacementDecision>();
        foreach (var assignment in result.Assignments)
        {
            if (!current.TryGetValue(assignment.Replica, out var replica))
            {
                continue;
            }
            var node = assignment.Node;
            var explanation = assignment.Outcome == PlacementOutcome.Unplaced ? assignment.Explanation ?? "cannot be placed" : "";
            // A placed replica without its overlay address (placed before the overlay existed) gets one where it is.
            if (replica.Node != node || replica.Explanation != explanation || (node is { } on && !replica.HasAddress && onOverlay.Contains(on)))
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
        return new PassResult(repaired, decisions.Count);
    }

    [LoggerMessage(EventId = 3300, Level = LogLevel.Information, Message = "moved {Replica} from {From} to {To}")]
    private partial void LogMove(string replica, string from, string to);

    [LoggerMessage(EventId = 3301, Level = LogLevel.Warning, Message = "environment {Environment}: rewrote {Rows} replica row(s) that did not match the current revision of {Apps}")]
    private partial void LogRepaired(string environment, int rows, string apps);
}
