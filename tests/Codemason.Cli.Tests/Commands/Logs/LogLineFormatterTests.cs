using Codemason.Cli.Commands.Logs;
using Codemason.Cli.Output;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Cli.Tests.Commands.Logs;

[CancelAfter(5000)]
public class LogLineFormatterTests
{
    private static LogLine Line(string text, string stream = "stdout") => new()
    {
        ReplicaId = "production/pebble/web#2",
        Stream = stream,
        Text = text,
        At = Timestamp.FromDateTimeOffset(new DateTimeOffset(2026, 1, 1, 12, 0, 1, 250, TimeSpan.Zero)),
    };

    [Test]
    public void Format_Plain_PrefixesTheShortReplicaId()
    {
        Assert.That(LogLineFormatter.Format(Line("listening on :80"), Palette.None, timestamps: false), Is.EqualTo("web#2 | listening on :80"));
    }

    [Test]
    public void Format_Timestamps_PrefixesUtcTime()
    {
        Assert.That(LogLineFormatter.Format(Line("hi"), Palette.None, timestamps: true), Is.EqualTo("2026-01-01T12:00:01.250Z web#2 | hi"));
    }

    [Test]
    public void Format_Colour_PaintsThePrefixWithTheReplicasTone()
    {
        var text = LogLineFormatter.Format(Line("hi"), new Palette(true), timestamps: false);

        Assert.That(text, Does.StartWith("\u001b[").And.EndWith("web#2 |\u001b[0m hi"));
    }
}
