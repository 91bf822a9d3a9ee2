using System.Globalization;
using System.Text;

namespace Codemason.Docker.Logs;

/// <summary>
/// One chunk of container output. For containers without a TTY it is one write of the process
/// (usually one line); with a TTY, the output is one raw stream and every frame says <see cref="LogStream.Stdout"/>.
/// </summary>
/// <param name="Stream">Where it came from.</param>
/// <param name="Payload">The bytes; the frame owns them.</param>
public sealed record LogFrame(LogStream Stream, ReadOnlyMemory<byte> Payload)
{
    /// <summary>The payload as UTF-8 text.</summary>
    public string Text => Encoding.UTF8.GetString(Payload.Span);

    /// <summary>
    /// Splits the RFC 3339 timestamp the engine puts before each line when logs are read with
    /// <see cref="LogsOptions.Timestamps"/>.
    /// </summary>
    public bool TrySplitTimestamp(out DateTimeOffset timestamp, out string text)
    {
        var all = Text;
        var space = all.IndexOf(' ', StringComparison.Ordinal);
        if (space > 0 && DateTimeOffset.TryParse(TrimFraction(all.AsSpan(0, space)), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out timestamp))
        {
            text = all[(space + 1)..];
            return true;
        }
        timestamp = default;
        text = all;
        return false;
    }

    // The engine writes nanoseconds; .NET parses at most 7 fractional digits.
    private static string TrimFraction(ReadOnlySpan<char> value)
    {
        var dot = value.IndexOf('.');
        if (dot < 0)
        {
            return value.ToString();
        }
        var end = dot + 1;
        while (end < value.Length && char.IsAsciiDigit(value[end]))
        {
            end++;
        }
        var digits = Math.Min(end - dot - 1, 7);
        return string.Concat(value[..(dot + 1 + digits)], value[end..]);
    }
}
