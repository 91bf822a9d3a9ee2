using Codemason.Grpc.Framing;

namespace Codemason.Grpc.Tests.Framing;

[TestFixture]
public sealed class StatusMessageEncodingTests
{
    [TestCase("plain text", "plain text")]
    [TestCase("100%", "100%25")]
    [TestCase("ü", "%C3%BC")]
    [TestCase("a\nb", "a%0Ab")]
    public void Encode_Detail_PercentEncodesOutsidePrintableAscii(string detail, string wire) =>
        Assert.That(StatusMessageEncoding.Encode(detail), Is.EqualTo(wire));

    [TestCase("Größe ✓ 100% \t")]
    [TestCase("")]
    public void Decode_OfEncode_RoundTrips(string detail) =>
        Assert.That(StatusMessageEncoding.Decode(StatusMessageEncoding.Encode(detail)), Is.EqualTo(detail));

    [Test]
    public void Decode_MalformedEscape_KeptVerbatim() =>
        Assert.That(StatusMessageEncoding.Decode("50%zz%"), Is.EqualTo("50%zz%"));
}
