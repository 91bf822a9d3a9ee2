using Codemason.Grpc.Framing;

namespace Codemason.Grpc.Tests.Framing;

[TestFixture]
public sealed class GrpcTimeoutTests
{
    [TestCase("1H", 3_600_000.0)]
    [TestCase("2M", 120_000.0)]
    [TestCase("3S", 3_000.0)]
    [TestCase("150m", 150.0)]
    [TestCase("2500u", 2.5)]
    [TestCase("1000000n", 1.0)]
    [TestCase("99999999S", 99_999_999_000.0)]
    public void TryParse_ValidUnits_ParsesDuration(string value, double milliseconds)
    {
        Assert.That(GrpcTimeout.TryParse(value, out var timeout), Is.True);
        Assert.That(timeout.TotalMilliseconds, Is.EqualTo(milliseconds));
    }

    [TestCase("")]
    [TestCase("S")]
    [TestCase("10")]
    [TestCase("10x")]
    [TestCase("-1S")]
    [TestCase("123456789S")]
    public void TryParse_Invalid_ReturnsFalse(string value) => Assert.That(GrpcTimeout.TryParse(value, out _), Is.False);

    [Test]
    public void Format_RoundTrips_WithinOneUnit()
    {
        foreach (var ms in new[] { 0.5, 1, 150, 99_999, 100_000, 3_600_000, 1e10 })
        {
            var original = TimeSpan.FromMilliseconds(ms);
            Assert.That(GrpcTimeout.TryParse(GrpcTimeout.Format(original), out var parsed), Is.True);
            Assert.That(parsed, Is.GreaterThanOrEqualTo(original));
            Assert.That(GrpcTimeout.Format(original).Length, Is.LessThanOrEqualTo(9));
        }
    }
}
