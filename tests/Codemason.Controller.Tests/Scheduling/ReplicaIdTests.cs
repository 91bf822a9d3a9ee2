using Codemason.Controller.Scheduling;

namespace Codemason.Controller.Tests.Scheduling;

public sealed class ReplicaIdTests
{
    [Test]
    public void Of_Parts_RoundTripsThroughTryParse()
    {
        var id = ReplicaId.Of("production", new ServiceKey("shop", "web"), 12);

        var parsed = id.TryParse(out var environment, out var service, out var index);

        Assert.Multiple(() =>
        {
            Assert.That(id.Value, Is.EqualTo("production/shop/web#12"));
            Assert.That(parsed, Is.True);
            Assert.That(environment, Is.EqualTo("production"));
            Assert.That(service, Is.EqualTo(new ServiceKey("shop", "web")));
            Assert.That(index, Is.EqualTo(12));
        });
    }

    [TestCase("production/shop/web")]
    [TestCase("shop/web#1")]
    [TestCase("production/shop/web#x")]
    [TestCase("production/shop/web#-1")]
    [TestCase("production//web#1")]
    [TestCase("a/b/c/d#1")]
    [TestCase("")]
    public void TryParse_Malformed_ReturnsFalse(string value)
    {
        Assert.That(new ReplicaId(value).TryParse(out _, out _, out _), Is.False);
    }
}
