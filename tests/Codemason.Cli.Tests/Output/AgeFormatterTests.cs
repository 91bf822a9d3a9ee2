using Codemason.Cli.Output;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class AgeFormatterTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 1, 12, 0, 0, TimeSpan.Zero);

    [TestCase(0, "0s")]
    [TestCase(59, "59s")]
    [TestCase(60, "1m")]
    [TestCase(3599, "59m")]
    [TestCase(7200, "2h")]
    [TestCase(47 * 3600, "47h")]
    [TestCase(3 * 86400, "3d")]
    public void Format_Age_GivesLargestWholeUnit(int seconds, string expected)
    {
        Assert.That(AgeFormatter.Format(Now.AddSeconds(-seconds), Now), Is.EqualTo(expected));
    }

    [Test]
    public void Format_Unknown_GivesDash()
    {
        Assert.Multiple(() =>
        {
            Assert.That(AgeFormatter.Format(null, Now), Is.EqualTo("-"));
            Assert.That(AgeFormatter.Format(DateTimeOffset.UnixEpoch, Now), Is.EqualTo("-"));
        });
    }

    [Test]
    public void Format_FutureTime_ClampsToZero()
    {
        Assert.That(AgeFormatter.Format(Now.AddSeconds(5), Now), Is.EqualTo("0s"));
    }
}
