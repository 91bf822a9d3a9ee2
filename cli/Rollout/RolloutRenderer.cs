using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>The words of a rollout: progress lines, the final summary, and why it failed or is still waiting. Pure.</summary>
internal static class RolloutRenderer
{
    private const int IdWidth = 12;
    private const int StateWidth = 9;

    /// <summary>What the change did: <c>Applied pebble revision 3 to production (changed: web).</c></summary>
    public static string Headline(string verb, ApplyResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        var app = response.App;
        if (!response.Changed)
        {
            return string.Create(CultureInfo.InvariantCulture, $"{app.Name} in {app.Environment} is unchanged at revision {app.Revision}.");
        }
        var changed = response.ChangedServices.Count > 0 ? $" (changed: {string.Join(", ", response.ChangedServices)})" : string.Empty;
        return string.Create(CultureInfo.InvariantCulture, $"{verb} {app.Name} revision {app.Revision} to {app.Environment}{changed}.");
    }

    /// <summary>
    /// What a deploy of an app without services says instead of following a rollout: nothing runs, and a load balancer's
    /// targets are routes of the environment's edge proxy.
    /// </summary>
    public static string NothingToRun(App app, bool loadBalancer)
    {
        ArgumentNullException.ThrowIfNull(app);
        return loadBalancer
            ? $"{app.Name} is a load balancer: it runs no container; its targets are routes of the edge proxy of {app.Environment}."
            : $"{app.Name} has no services: nothing runs.";
    }

    /// <summary>One replica's state: <c>web#1       pending    no Ready node in environment production</c>.</summary>
    public static string ReplicaLine(Replica replica, Palette palette, string indent = "  ")
    {
        ArgumentNullException.ThrowIfNull(replica);
        ArgumentNullException.ThrowIfNull(palette);
        var id = ResourceText.ShortReplicaId(replica).PadRight(IdWidth);
        var state = ResourceText.State(replica.State);
        var padded = palette.Paint(state, ResourceText.StateTone(replica.State)) + new string(' ', Math.Max(StateWidth - state.Length, 0) + 2);
        var detail = ResourceText.Detail(replica);
        return (indent + id + " " + padded + detail).TrimEnd();
    }

    /// <summary>Per-service counts: <c>web 2/2, postgres 0/1</c>.</summary>
    public static string Counts(IEnumerable<ServiceProgress> services) =>
        string.Join(", ", services.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Name} {s.Ready}/{s.Desired}")));

    public static string Success(RolloutTracker tracker, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var app = tracker.Target;
        return string.Create(CultureInfo.InvariantCulture,
            $"{app.Name} revision {app.Revision} is running in {app.Environment}: {Counts(tracker.Services)} ({DurationParser.Format(elapsed)}).");
    }

    /// <summary>Why services are not ready yet: one line per service, then its waiting replicas with their reasons.</summary>
    public static IReadOnlyList<string> WaitingDetails(RolloutTracker tracker)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var lines = new List<string>();
        foreach (var service in tracker.Services.Where(s => !s.IsDone))
        {
            lines.Add(string.Create(CultureInfo.InvariantCulture, $"{service.Name}: {service.Ready}/{service.Desired} running"));
            var waiting = service.Replicas.Where(r => r.State != ReplicaState.Running).ToList();
            foreach (var replica in waiting)
            {
                lines.Add(ReplicaLine(replica, Palette.None));
            }
            if (waiting.Count == 0 && service.Replicas.Count < service.Desired)
            {
                lines.Add(service.Unplaced.Count > 0 ? "  " + string.Join("; ", service.Unplaced) : "  no replicas were created yet");
            }
        }
        return lines;
    }

    /// <summary>The failed replica: its state line, exit code, message and last log lines.</summary>
    public static IReadOnlyList<string> FailureDetails(Replica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        var lines = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture, $"{ResourceText.ShortReplicaId(replica)} on node {ResourceText.OrDash(replica.NodeId)}: {Exit(replica)}{(replica.RestartCount > 0 ? $", restarted {replica.RestartCount} times" : string.Empty)}"),
        };
        if (replica.Message.Length > 0)
        {
            lines.Add("  " + replica.Message);
        }
        if (replica.LastLogLines.Count > 0)
        {
            lines.Add("last log lines:");
            lines.AddRange(replica.LastLogLines.Select(l => "  | " + l));
        }
        return lines;
    }

    // A replica that failed before its container ran (pull, create) has no exit code worth showing.
    private static string Exit(Replica replica) =>
        replica.ContainerId.Length > 0 || replica.ExitCode != 0
            ? string.Create(CultureInfo.InvariantCulture, $"exit code {replica.ExitCode}")
            : "no container ran";

    /// <summary>The one-line reason of a failure.</summary>
    public static string FailureMessage(RolloutTracker tracker, Replica failed)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        ArgumentNullException.ThrowIfNull(failed);
        var what = failed.Message.Length > 0 ? failed.Message : string.Create(CultureInfo.InvariantCulture, $"exited with code {failed.ExitCode}");
        return string.Create(CultureInfo.InvariantCulture,
            $"{tracker.Target.Name} revision {tracker.Target.Revision} failed: {ResourceText.ShortReplicaId(failed)} {what}");
    }

    public static string TimeoutMessage(RolloutTracker tracker, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        return string.Create(CultureInfo.InvariantCulture,
            $"{tracker.Target.Name} revision {tracker.Target.Revision} was not running within {DurationParser.Format(timeout)} ({Counts(tracker.Services)})");
    }
}
