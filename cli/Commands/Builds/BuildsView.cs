using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Builds;

/// <summary>How builds read in <c>mason builds</c>. Pure.</summary>
internal static class BuildsView
{
    public static TextTable Table(IEnumerable<Build> builds, DateTimeOffset now)
    {
        var table = new TextTable("build", "app", "commit", "branch", "state", "duration", "age", "by");
        foreach (var build in builds)
        {
            table.Add(
                build.Id.ToString(CultureInfo.InvariantCulture),
                build.App,
                build.Commit.Length > 12 ? build.Commit[..12] : build.Commit,
                build.Branch,
                State(build),
                Duration(build, now),
                AgeFormatter.Format(build.CreatedAt?.ToDateTimeOffset(), now),
                build.CreatedBy);
        }
        return table;
    }

    public static TableCell State(Build build) => build.State switch
    {
        BuildState.Succeeded => new TableCell(build.AppRevision > 0 ? $"deployed (revision {build.AppRevision})" : "succeeded", Tone.Good),
        BuildState.Failed => new TableCell("failed", Tone.Bad),
        BuildState.Cancelled => new TableCell("cancelled", Tone.Dim),
        BuildState.Building => new TableCell("building", Tone.Waiting),
        BuildState.Queued => new TableCell("queued", Tone.Waiting),
        _ => new TableCell("unknown", Tone.Plain),
    };

    /// <summary>From start to end (or now, while it runs); "-" before it starts.</summary>
    public static string Duration(Build build, DateTimeOffset now)
    {
        if (build.StartedAt is null)
        {
            return "-";
        }
        var end = build.FinishedAt?.ToDateTimeOffset() ?? now;
        var took = end - build.StartedAt.ToDateTimeOffset();
        return took.TotalMinutes >= 1
            ? string.Create(CultureInfo.InvariantCulture, $"{(int)took.TotalMinutes}m{took.Seconds:00}s")
            : string.Create(CultureInfo.InvariantCulture, $"{took.TotalSeconds:0.0}s");
    }
}
