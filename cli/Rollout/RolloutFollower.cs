using Codemason.Cli.Api;
using Codemason.Cli.Errors;
using Codemason.Grpc;
using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>
/// Follows a rollout: lists the app's replicas, then watches from the list's store revision, feeding every
/// change to a <see cref="RolloutTracker"/> until it succeeds, fails or the time runs out. A watch that
/// falls behind the retained history (OUT_OF_RANGE) or ends lists again.
/// </summary>
internal sealed class RolloutFollower(ControllerClient client, TimeProvider time)
{
    private static readonly TimeSpan RelistDelay = TimeSpan.FromSeconds(1);

    /// <summary>Returns the tracker at the end; <see cref="RolloutTracker.TimedOut"/> says whether the time ran out.</summary>
    public async Task<RolloutTracker> FollowAsync(
        ApplyResponse applied, TimeSpan timeout, Action<RolloutTracker, IReadOnlyList<Replica>> onChange, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(applied);
        ArgumentNullException.ThrowIfNull(onChange);
        var tracker = new RolloutTracker(applied.App, applied.ChangedServices);
        var app = applied.App;
        using var deadline = new CancellationTokenSource(timeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(ct, deadline.Token);
        try
        {
            var first = true;
            while (true)
            {
                if (!first)
                {
                    await Task.Delay(RelistDelay, time, linked.Token);
                }
                first = false;
                var list = await client.ListReplicasAsync(app.Environment, app.Name, linked.Token);
                var changed = list.Replicas.Where(tracker.Observe).ToList();
                onChange(tracker, changed);
                if (tracker.Outcome != RolloutOutcome.InProgress)
                {
                    return tracker;
                }
                try
                {
                    var request = new WatchRequest
                    {
                        Environment = app.Environment,
                        App = app.Name,
                        FromRevision = list.StoreRevision,
                        Kinds = { ResourceKind.Replica, ResourceKind.App },
                    };
                    await foreach (var change in client.WatchAsync(request, linked.Token))
                    {
                        if (Apply(tracker, change) is { } replica)
                        {
                            onChange(tracker, [replica]);
                        }
                        if (tracker.Outcome != RolloutOutcome.InProgress)
                        {
                            return tracker;
                        }
                    }
                }
                catch (ControllerRejectedException e) when (e.Status == StatusCode.OutOfRange)
                {
                    // Fell behind the retained history: list again and watch from the new revision.
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            tracker.TimedOut = true;
            return tracker;
        }
    }

    /// <summary>Applies one watch event; returns the replica when it changed what the tracker shows.</summary>
    private static Replica? Apply(RolloutTracker tracker, WatchEvent change)
    {
        switch (change.ObjectCase)
        {
            case WatchEvent.ObjectOneofCase.Replica when change.Type == WatchEvent.Types.Type.Deleted:
                return tracker.Remove(change.Replica) ? change.Replica : null;
            case WatchEvent.ObjectOneofCase.Replica:
                return tracker.Observe(change.Replica) ? change.Replica : null;
            case WatchEvent.ObjectOneofCase.App when change.Type == WatchEvent.Types.Type.Deleted && change.App.Name == tracker.Target.Name:
                throw new DeployFailedException($"{tracker.Target.Name} was deleted while waiting for it", []);
            case WatchEvent.ObjectOneofCase.App:
                tracker.ObserveApp(change.App);
                return null;
            default:
                return null;
        }
    }
}
