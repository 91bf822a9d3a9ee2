namespace Codemason.Acme.Tests;

public sealed class AcmePollingTests
{
    private static readonly TimeSpan Initial = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Max = TimeSpan.FromSeconds(10);

    [TestCase(0, 250)]
    [TestCase(1, 500)]
    [TestCase(3, 2000)]
    [TestCase(6, 10000)]
    [TestCase(int.MaxValue, 10000)]
    public void NextDelay_NoRetryAfter_DoublesUpToTheCap(int attempt, int milliseconds)
    {
        Assert.That(AcmePolling.NextDelay(attempt, null, Initial, Max), Is.EqualTo(TimeSpan.FromMilliseconds(milliseconds)));
    }

    [Test]
    public void NextDelay_RetryAfter_IsHonouredWhateverTheAttempt()
    {
        Assert.That(AcmePolling.NextDelay(5, TimeSpan.FromSeconds(3), Initial, Max), Is.EqualTo(TimeSpan.FromSeconds(3)));
    }

    [Test]
    public void NextDelay_RetryAfterPastTheCap_IsCapped()
    {
        Assert.That(AcmePolling.NextDelay(0, TimeSpan.FromMinutes(5), Initial, Max), Is.EqualTo(Max));
    }

    [Test]
    public void NextDelay_RetryAfterDateInThePast_PollsAtOnce()
    {
        Assert.That(AcmePolling.NextDelay(0, TimeSpan.FromSeconds(-2), Initial, Max), Is.EqualTo(TimeSpan.Zero));
    }
}
