using Codemason.Cli.Api;
using Codemason.Cli.Commands.Shared;
using Codemason.Cli.Errors;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Spectre.Console;

namespace Codemason.Cli.Rollout;

/// <summary>
/// Shows a followed rollout: a live table on a terminal, one line per replica change otherwise. Ends with
/// the success line, or a <see cref="DeployFailedException"/> (exit 5) with the failure or waiting reasons.
/// </summary>
internal static class RolloutPresenter
{
    public static async Task WaitAsync(CommandContext context, ControllerClient client, ApplyResponse applied, TimeSpan timeout, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var time = context.Host.Time;
        var started = time.GetTimestamp();
        var follower = new RolloutFollower(client, time);
        RolloutTracker tracker;
        if (context.Terminal.Live && context.Host.LiveConsole is { } liveConsole)
        {
            var console = liveConsole(context.Terminal.Colour);
            var initial = RolloutLiveTable.Build(new RolloutTracker(applied.App, applied.ChangedServices), TimeSpan.Zero);
            tracker = await console.Live(initial).AutoClear(false).StartAsync(live =>
                follower.FollowAsync(applied, timeout, (t, _) =>
                {
                    live.UpdateTarget(RolloutLiveTable.Build(t, time.GetElapsedTime(started)));
                    live.Refresh();
                }, ct));
        }
        else
        {
            context.Out.WriteLine($"Waiting up to {DurationParser.Format(timeout)} for {applied.App.Name} to run...");
            tracker = await follower.FollowAsync(applied, timeout, (_, changed) =>
            {
                foreach (var replica in changed)
                {
                    context.Out.WriteLine(RolloutRenderer.ReplicaLine(replica, context.Palette));
                }
            }, ct);
        }
        switch (tracker.Outcome)
        {
            case RolloutOutcome.Succeeded:
                context.Out.WriteLine(context.Palette.Paint(RolloutRenderer.Success(tracker, time.GetElapsedTime(started)), Tone.Good));
                return;
            case RolloutOutcome.Failed:
                var failed = tracker.Failure!;
                throw new DeployFailedException(RolloutRenderer.FailureMessage(tracker, failed), RolloutRenderer.FailureDetails(failed));
            default:
                throw new DeployFailedException(RolloutRenderer.TimeoutMessage(tracker, timeout), RolloutRenderer.WaitingDetails(tracker));
        }
    }

    /// <summary>Without <c>--wait</c>: the replicas as they stand right after the change, so pending reasons show at once.</summary>
    public static async Task ShowSnapshotAsync(CommandContext context, ControllerClient client, ApplyResponse applied, CancellationToken ct)
    {
        ArgumentNullException.ThrowIfNull(context);
        var list = await client.ListReplicasAsync(applied.App.Environment, applied.App.Name, ct);
        var tracker = new RolloutTracker(applied.App, applied.ChangedServices);
        foreach (var replica in list.Replicas)
        {
            tracker.Observe(replica);
        }
        foreach (var replica in tracker.Services.SelectMany(s => s.Replicas))
        {
            context.Out.WriteLine(RolloutRenderer.ReplicaLine(replica, context.Palette));
        }
        context.Out.WriteLine($"Follow it with: mason status {applied.App.Name} --env {applied.App.Environment}");
    }

    /// <summary>Parses <c>--timeout</c>; a usage error when malformed.</summary>
    public static TimeSpan ParseTimeout(string text) =>
        DurationParser.TryParse(text, out var timeout) && timeout > TimeSpan.Zero
            ? timeout
            : throw new UsageException($"--timeout '{text}' is not a duration", "use e.g. 90s, 5m or 1h30m");
}
