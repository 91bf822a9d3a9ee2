using System.Globalization;
using System.Text;

namespace Codemason.Compose.Conversion;

/// <summary>
/// Compose durations (Go's syntax: <c>1m30s</c>, <c>1.5s</c>, <c>500ms</c>, <c>10us</c>) → mason.json durations
/// (<c>1m30s</c>, <c>1s500ms</c>): whole hours, minutes, seconds and milliseconds, anything finer rounded up to 1 ms.
/// </summary>
internal static class GoDuration
{
    /// <summary>The duration in mason.json's form, or null when <paramref name="text"/> is not a duration.</summary>
    public static string? ToMason(string text)
    {
        var total = 0m;
        var i = 0;
        if (text.Length == 0)
        {
            return null;
        }
        if (text == "0")
        {
            return "0s";
        }
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && (char.IsAsciiDigit(text[i]) || text[i] == '.'))
            {
                i++;
            }
            if (!decimal.TryParse(text[start..i], NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var amount))
            {
                return null;
            }
            var unitStart = i;
            while (i < text.Length && !char.IsAsciiDigit(text[i]) && text[i] != '.')
            {
                i++;
            }
            decimal? milliseconds = text[unitStart..i] switch
            {
                "h" => 3_600_000m,
                "m" => 60_000m,
                "s" => 1000m,
                "ms" => 1m,
                "us" or "µs" => 0.001m,
                "ns" => 0.000001m,
                _ => null,
            };
            if (milliseconds is null)
            {
                return null;
            }
            total += amount * milliseconds.Value;
        }
        return Format((long)Math.Ceiling(total));
    }

    private static string Format(long milliseconds)
    {
        if (milliseconds == 0)
        {
            return "0s";
        }
        var text = new StringBuilder();
        void Part(long unit, string suffix)
        {
            if (milliseconds >= unit)
            {
                text.Append((milliseconds / unit).ToString(CultureInfo.InvariantCulture)).Append(suffix);
                milliseconds %= unit;
            }
        }
        Part(3_600_000, "h");
        Part(60_000, "m");
        Part(1000, "s");
        Part(1, "ms");
        return text.ToString();
    }
}
