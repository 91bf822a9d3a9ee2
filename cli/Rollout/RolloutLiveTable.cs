using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Spectre.Console;
using Spectre.Console.Rendering;

namespace Codemason.Cli.Rollout;

/// <summary>The live view of a rollout on a terminal: one row per service, redrawn as replicas change.</summary>
internal static class RolloutLiveTable
{
    public static IRenderable Build(RolloutTracker tracker, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(tracker);
        var table = new Table().Border(TableBorder.Simple)
            .AddColumn("SERVICE").AddColumn("READY").AddColumn("REPLICAS").AddColumn("DETAIL");
        table.Title = new TableTitle(Markup.Escape(string.Create(CultureInfo.InvariantCulture,
            $"{tracker.Target.Name} revision {tracker.Target.Revision} in {tracker.Target.Environment} — {DurationParser.Format(elapsed)}")));
        foreach (var service in tracker.Services)
        {
            var ready = string.Create(CultureInfo.InvariantCulture, $"{service.Ready}/{service.Desired}");
            var states = string.Join(", ", service.Replicas
                .GroupBy(r => r.State)
                .OrderBy(g => g.Key)
                .Select(g => $"[{Colour(g.Key)}]{g.Count()} {ResourceText.State(g.Key)}[/]"));
            var waiting = service.Replicas.FirstOrDefault(r => r.State != ReplicaState.Running);
            var detail = waiting is null
                ? (service.Replicas.Count < service.Desired ? string.Join("; ", service.Unplaced) : string.Empty)
                : ResourceText.ShortReplicaId(waiting) + ": " + ResourceText.Detail(waiting);
            table.AddRow(
                new Markup(Markup.Escape(service.Name)),
                new Markup(service.IsDone ? $"[green]{ready}[/]" : $"[yellow]{ready}[/]"),
                new Markup(states.Length == 0 ? "-" : states),
                new Markup(Markup.Escape(detail)));
        }
        return table;
    }

    private static string Colour(ReplicaState state) => ResourceText.StateTone(state) switch
    {
        Tone.Good => "green",
        Tone.Bad => "red",
        Tone.Dim => "grey",
        _ => "yellow",
    };
}
