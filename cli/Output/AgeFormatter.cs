using System.Globalization;

namespace Codemason.Cli.Output;

/// <summary>Short ages like kubectl's: <c>12s</c>, <c>5m</c>, <c>3h</c>, <c>2d</c>; <c>-</c> when unknown.</summary>
internal static class AgeFormatter
{
    public static string Format(DateTimeOffset? since, DateTimeOffset now)
    {
        if (since is null || since.Value == DateTimeOffset.UnixEpoch)
        {
            return "-";
        }
        var age = now - since.Value;
        if (age < TimeSpan.Zero)
        {
            age = TimeSpan.Zero;
        }
        return age.TotalSeconds < 60 ? Whole(age.TotalSeconds, "s")
            : age.TotalMinutes < 60 ? Whole(age.TotalMinutes, "m")
            : age.TotalHours < 48 ? Whole(age.TotalHours, "h")
            : Whole(age.TotalDays, "d");
    }

    private static string Whole(double value, string unit) =>
        ((long)Math.Floor(value)).ToString(CultureInfo.InvariantCulture) + unit;
}
