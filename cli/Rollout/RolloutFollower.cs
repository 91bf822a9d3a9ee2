using Codemason.Cli.Api;
using Codemason.Cli.Errors;
using Grpc.Core;
using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>
/// Follows a rollout: lists the app's replicas, then watches from the list's store revision, feeding every
/// change to a <see cref="RolloutTracker"/> until it fails, the time runs out, or it has succeeded and stayed so
/// for the monitor period — like <c>docker service create --monitor</c>, so that a container that exits right after
/// it started fails the rollout instead of passing it. A watch that falls behind the retained history (OUT_OF_RANGE)
/// or ends lists again.
/// </summary>
internal sealed class RolloutFollower(ControllerClient client, TimeProvider time)
{
    private static readonly TimeSpan RelistDelay = TimeSpan.FromSeconds(1);

    /// <summary>How long every replica must keep running before the rollout counts as done.</summary>
    public static readonly TimeSpan MonitorPeriod = TimeSpan.FromSeconds(2);

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
        // Cancelled once the rollout has succeeded and stayed so for the monitor period.
        CancellationTokenSource? monitor = null;
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
                if (Finished(tracker, ref monitor))
                {
                    return tracker;
                }
                using var watching = CancellationTokenSource.CreateLinkedTokenSource(linked.Token);
                // When the monitor period runs out it ends this watch; re-registered whenever the period starts anew.
                var stop = EndWhenMonitored(monitor, watching);
                try
                {
                    var request = new WatchRequest
                    {
                        Environment = app.Environment,
                        App = app.Name,
                        FromRevision = list.StoreRevision,
                        Kinds = { ResourceKind.Replica, ResourceKind.App },
                    };
                    await foreach (var change in client.WatchAsync(request, watching.Token))
                    {
                        if (Apply(tracker, change) is { } replica)
                        {
                            onChange(tracker, [replica]);
                        }
                        var before = monitor;
                        if (Finished(tracker, ref monitor))
                        {
                            return tracker;
                        }
                        if (monitor != before)
                        {
                            stop.Dispose();
                            stop = EndWhenMonitored(monitor, watching);
                        }
                    }
                }
                catch (OperationCanceledException) when (monitor is { IsCancellationRequested: true } && !linked.IsCancellationRequested)
                {
                    return tracker;
                }
                catch (ControllerRejectedException e) when (e.Status == StatusCode.OutOfRange)
                {
                    // Fell behind the retained history: list again and watch from the new revision.
                }
                finally
                {
                    stop.Dispose();
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !ct.IsCancellationRequested)
        {
            tracker.TimedOut = true;
            return tracker;
        }
        finally
        {
            monitor?.Dispose();
        }
    }

    private static CancellationTokenRegistration EndWhenMonitored(CancellationTokenSource? monitor, CancellationTokenSource watching) =>
        monitor?.Token.Register(watching.Cancel) ?? default;

    /// <summary>
    /// True when following can stop: the rollout failed, or it succeeded and the monitor period ran out. A success
    /// starts the monitor period; a replica that stops running (back in progress) ends it, to start again at the next success.
    /// </summary>
    private bool Finished(RolloutTracker tracker, ref CancellationTokenSource? monitor)
    {
        switch (tracker.Outcome)
        {
            case RolloutOutcome.Failed:
                return true;
            case RolloutOutcome.Succeeded:
                monitor ??= new CancellationTokenSource(MonitorPeriod, time);
                return monitor.IsCancellationRequested;
            default:
                monitor?.Dispose();
                monitor = null;
                return false;
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
