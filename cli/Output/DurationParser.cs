using System.Globalization;

namespace Codemason.Cli.Output;

/// <summary>Parses durations as people type them: <c>90s</c>, <c>5m</c>, <c>1h30m</c>, <c>500ms</c>, <c>2d</c>; a bare number is seconds.</summary>
internal static class DurationParser
{
    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }
        var span = text.Trim().AsSpan();
        if (long.TryParse(span, NumberStyles.None, CultureInfo.InvariantCulture, out var bareSeconds))
        {
            duration = TimeSpan.FromSeconds(bareSeconds);
            return true;
        }
        var total = TimeSpan.Zero;
        while (!span.IsEmpty)
        {
            var digits = 0;
            while (digits < span.Length && char.IsAsciiDigit(span[digits]))
            {
                digits++;
            }
            if (digits == 0 || !long.TryParse(span[..digits], NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                return false;
            }
            span = span[digits..];
            var unitLength = 0;
            while (unitLength < span.Length && char.IsAsciiLetter(span[unitLength]))
            {
                unitLength++;
            }
            TimeSpan part;
            switch (span[..unitLength])
            {
                case "ms": part = TimeSpan.FromMilliseconds(value); break;
                case "s": part = TimeSpan.FromSeconds(value); break;
                case "m": part = TimeSpan.FromMinutes(value); break;
                case "h": part = TimeSpan.FromHours(value); break;
                case "d": part = TimeSpan.FromDays(value); break;
                default: return false;
            }
            total += part;
            span = span[unitLength..];
        }
        duration = total;
        return true;
    }

    /// <summary>The short form of a duration: <c>5m</c>, <c>1h30m</c>, <c>45s</c>, <c>500ms</c>.</summary>
    public static string Format(TimeSpan duration)
    {
        if (duration < TimeSpan.FromSeconds(1))
        {
            return ((long)duration.TotalMilliseconds).ToString(CultureInfo.InvariantCulture) + "ms";
        }
        var parts = new List<string>();
        if (duration.Days > 0)
        {
            parts.Add(duration.Days.ToString(CultureInfo.InvariantCulture) + "d");
        }
        if (duration.Hours > 0)
        {
            parts.Add(duration.Hours.ToString(CultureInfo.InvariantCulture) + "h");
        }
        if (duration.Minutes > 0)
        {
            parts.Add(duration.Minutes.ToString(CultureInfo.InvariantCulture) + "m");
        }
        if (duration.Seconds > 0)
        {
            parts.Add(duration.Seconds.ToString(CultureInfo.InvariantCulture) + "s");
        }
        return string.Concat(parts);
    }
}
