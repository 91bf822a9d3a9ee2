using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Logs;

/// <summary>One merged log line: <c>web#1 | text</c>, the prefix coloured per replica, optionally with a timestamp.</summary>
internal static class LogLineFormatter
{
    public static string Format(LogLine line, Palette palette, bool timestamps)
    {
        ArgumentNullException.ThrowIfNull(line);
        ArgumentNullException.ThrowIfNull(palette);
        var replica = ResourceText.ShortReplicaId(line.ReplicaId);
        var prefix = palette.Paint(replica + " |", Palette.ToneFor(line.ReplicaId));
        var time = timestamps && line.At is not null
            ? line.At.ToDateTimeOffset().ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture) + " "
            : string.Empty;
        var text = line.Stream == "stderr" ? palette.Paint(line.Text, Tone.Waiting) : line.Text;
        return time + prefix + " " + text;
    }
}
