using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Events;

/// <summary><c>mason events</c> as lines: time (UTC), kind, where, and the sentence saying what happened and why.</summary>
internal static class EventsView
{
    public static string Render(IReadOnlyList<Event> events, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(events);
        var table = new TextTable("time", "kind", "app", "message");
        foreach (var recorded in events)
        {
            table.Add(Time(recorded), new TableCell(recorded.Kind, ToneOf(recorded.Kind)), Where(recorded), recorded.Message);
        }
        return table.Render(palette);
    }

    public static string Line(Event recorded, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(recorded);
        ArgumentNullException.ThrowIfNull(palette);
        return $"{Time(recorded)}  {palette.Paint(recorded.Kind, ToneOf(recorded.Kind))}  {Where(recorded)}  {recorded.Message}";
    }

    private static string Time(Event recorded) =>
        recorded.At?.ToDateTimeOffset().ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture) ?? "-";

    private static string Where(Event recorded) =>
        string.IsNullOrEmpty(recorded.App) ? ResourceText.OrDash(recorded.Environment)
        : string.IsNullOrEmpty(recorded.Service) ? recorded.App
        : recorded.App + "/" + recorded.Service;

    private static Tone ToneOf(string kind) => kind switch
    {
        "died" or "node-down" or "unschedulable" or "failed" => Tone.Bad,
        "rescheduled" or "unscheduled" or "restarted" => Tone.Waiting,
        "started" => Tone.Good,
        _ => Tone.Plain,
    };
}
