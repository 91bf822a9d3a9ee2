using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.History;

/// <summary><c>mason history</c> as a table, newest first; the current revision is marked with <c>*</c>.</summary>
internal static class HistoryView
{
    public static string Render(IReadOnlyList<Revision> revisions, DateTimeOffset now, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(revisions);
        var current = revisions.Count == 0 ? 0 : revisions.Max(r => r.Number);
        var table = new TextTable("", "revision", "age", "by", "reason");
        foreach (var revision in revisions)
        {
            var isCurrent = revision.Number == current;
            table.Add(
                isCurrent ? new TableCell("*", Tone.Good) : "",
                new TableCell(revision.Number.ToString(CultureInfo.InvariantCulture), isCurrent ? Tone.Good : Tone.Plain),
                AgeFormatter.Format(revision.CreatedAt?.ToDateTimeOffset(), now),
                ResourceText.OrDash(revision.CreatedBy),
                ResourceText.OrDash(revision.Reason));
        }
        return table.Render(palette);
    }
}
