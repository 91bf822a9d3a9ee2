namespace Codemason.Identity.Tests;

public sealed class NodeIdTests
{
    [Test]
    public void New_Twice_DifferentIdsThatParse()
    {
        var a = NodeId.New();
        var b = NodeId.New();

        Assert.Multiple(() =>
        {
            Assert.That(a, Is.Not.EqualTo(b));
            Assert.That(a.Value, Does.Match("^[0-9a-f]{16}$"));
            Assert.That(NodeId.Parse(a.Value), Is.EqualTo(a));
        });
    }

    [Test]
    public void Parse_Text_RoundTrips()
    {
        var id = NodeId.Parse("3f9c0a1e5b7d2c84");

        Assert.That(id.ToString(), Is.EqualTo("3f9c0a1e5b7d2c84"));
    }

    [TestCase("3F9C0A1E5B7D2C84", TestName = "TryParse_Uppercase_ReturnsFalse")]
    [TestCase("3f9c0a1e5b7d2c8", TestName = "TryParse_TooShort_ReturnsFalse")]
    [TestCase("3f9c0a1e5b7d2c845", TestName = "TryParse_TooLong_ReturnsFalse")]
    [TestCase("3f9c0a1e5b7d2c8g", TestName = "TryParse_NotHex_ReturnsFalse")]
    [TestCase(" 3f9c0a1e5b7d2c8", TestName = "TryParse_Space_ReturnsFalse")]
    [TestCase("node-1", TestName = "TryParse_Hostname_ReturnsFalse")]
    [TestCase("", TestName = "TryParse_Empty_ReturnsFalse")]
    [TestCase(null, TestName = "TryParse_Null_ReturnsFalse")]
    public void TryParse_Malformed_ReturnsFalse(string? text) =>
        Assert.That(NodeId.TryParse(text, out _), Is.False);

    [Test]
    public void Parse_Malformed_ThrowsFormatExceptionNamingTheText()
    {
        var error = Assert.Throws<FormatException>(() => NodeId.Parse("node-1"));

        Assert.That(error!.Message, Does.Contain("\"node-1\""));
    }
}
