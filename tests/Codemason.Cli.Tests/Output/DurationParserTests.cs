using Codemason.Cli.Output;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class DurationParserTests
{
    [TestCase("5s", 5_000)]
    [TestCase("5m", 300_000)]
    [TestCase("1h30m", 5_400_000)]
    [TestCase("500ms", 500)]
    [TestCase("2d", 172_800_000)]
    [TestCase("90", 90_000)]
    [TestCase(" 10m ", 600_000)]
    public void TryParse_ValidText_GivesDuration(string text, long milliseconds)
    {
        Assert.Multiple(() =>
        {
            Assert.That(DurationParser.TryParse(text, out var duration), Is.True);
            Assert.That(duration, Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
        });
    }

    [TestCase("")]
    [TestCase("m")]
    [TestCase("5x")]
    [TestCase("-5s")]
    [TestCase("5 m")]
    [TestCase("1.5h")]
    public void TryParse_InvalidText_ReturnsFalse(string text)
    {
        Assert.That(DurationParser.TryParse(text, out _), Is.False);
    }

    [TestCase(5_000, "5s")]
    [TestCase(300_000, "5m")]
    [TestCase(5_400_000, "1h30m")]
    [TestCase(250, "250ms")]
    public void Format_Duration_GivesShortForm(long milliseconds, string expected)
    {
        Assert.That(DurationParser.Format(TimeSpan.FromMilliseconds(milliseconds)), Is.EqualTo(expected));
    }
}
