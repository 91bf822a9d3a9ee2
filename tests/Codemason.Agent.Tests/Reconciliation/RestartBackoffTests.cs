using Codemason.Agent.Reconciliation;

namespace Codemason.Agent.Tests.Reconciliation;

public sealed class RestartBackoffTests
{
    [TestCase(0, 0)]
    [TestCase(1, 0)]
    [TestCase(2, 10)]
    [TestCase(3, 20)]
    [TestCase(4, 40)]
    [TestCase(6, 160)]
    [TestCase(7, 300)]
    [TestCase(50, 300)]
    public void DelayAfter_ConsecutiveFailures_DoublesFromTenSecondsCappedAtFiveMinutes(int failures, int expectedSeconds)
    {
        Assert.That(RestartBackoff.DelayAfter(failures), Is.EqualTo(TimeSpan.FromSeconds(expectedSeconds)));
    }
}
