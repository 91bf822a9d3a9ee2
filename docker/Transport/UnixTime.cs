using System.Globalization;

namespace Codemason.Docker.Transport;

/// <summary>The engine's time arguments: Unix seconds with a nanosecond fraction.</summary>
internal static class UnixTime
{
    public static string? Format(DateTimeOffset? value)
    {
        if (value is not { } time)
        {
            return null;
        }
        var ticks = (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks);
        var seconds = Math.DivRem(ticks, TimeSpan.TicksPerSecond, out var remainder);
        if (remainder < 0)
        {
            seconds--;
            remainder += TimeSpan.TicksPerSecond;
        }
        return string.Create(CultureInfo.InvariantCulture, $"{seconds}.{remainder * 100:D9}");
    }
}
