using System.Globalization;

namespace Codemason.Mortar.Normalisation;

/// <summary>Durations such as <c>"30s"</c>, <c>"1m30s"</c>, <c>"500ms"</c>, <c>"2h"</c>.</summary>
internal static class DurationSyntax
{
    public static string? TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var i = 0;
        if (text.Length == 0)
        {
            return "a duration such as \"30s\" or \"1m30s\" is expected";
        }
        while (i < text.Length)
        {
            var start = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }
            if (i == start || i - start > 9)
            {
                return "a duration such as \"30s\" or \"1m30s\" is expected (units ms, s, m, h)";
            }
            var amount = long.Parse(text.AsSpan(start, i - start), CultureInfo.InvariantCulture);
            if (text.AsSpan(i).StartsWith("ms", StringComparison.Ordinal))
            {
                duration += TimeSpan.FromMilliseconds(amount);
                i += 2;
            }
            else if (i < text.Length && text[i] is 's' or 'm' or 'h')
            {
                duration += text[i] switch
                {
                    's' => TimeSpan.FromSeconds(amount),
                    'm' => TimeSpan.FromMinutes(amount),
                    _ => TimeSpan.FromHours(amount),
                };
                i++;
            }
            else
            {
                return "a duration such as \"30s\" or \"1m30s\" is expected (units ms, s, m, h)";
            }
        }
        return duration > TimeSpan.FromDays(1) ? "durations longer than 24h are not supported" : null;
    }
}
