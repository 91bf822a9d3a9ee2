using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Grpc.Tests.Tls;

public sealed class CertificateFingerprintTests
{
    private const string Hex = "2b63860fb0c275aa5016206170be92dab1164b3c83f7abd81618cdb49c014d89";

    private static X509Certificate2 SelfSigned(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(name, key, HashAlgorithmName.SHA256);
        var now = DateTimeOffset.UtcNow;
        return request.CreateSelfSigned(now.AddMinutes(-1), now.AddDays(1));
    }

    [TestCase("sha256:" + Hex)]
    [TestCase("SHA256:" + Hex)]
    [TestCase("sha256:2B63860FB0C275AA5016206170BE92DAB1164B3C83F7ABD81618CDB49C014D89")]
    [TestCase("sha256:2B:63:86:0F:B0:C2:75:AA:50:16:20:61:70:BE:92:DA:B1:16:4B:3C:83:F7:AB:D8:16:18:CD:B4:9C:01:4D:89")]
    [TestCase("  sha256:" + Hex + "\n")]
    public void TryParse_WrittenForms_GiveTheCanonicalText(string text)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CertificateFingerprint.TryParse(text, out var fingerprint, out var error), Is.True, error);
            Assert.That(fingerprint.ToString(), Is.EqualTo("sha256:" + Hex));
        });
    }

    [TestCase(null, "expected sha256:")]
    [TestCase("", "expected sha256:")]
    [TestCase(Hex, "expected sha256:")]
    [TestCase("sha1:" + Hex, "expected sha256:")]
    [TestCase("sha256:abc", "got 3 characters")]
    [TestCase("sha256:" + Hex + "00", "got 66 characters")]
    [TestCase("sha256:zz63860fb0c275aa5016206170be92dab1164b3c83f7abd81618cdb49c014d89", "not all hex digits")]
    public void TryParse_Malformed_SaysWhy(string? text, string reason)
    {
        Assert.Multiple(() =>
        {
            Assert.That(CertificateFingerprint.TryParse(text, out _, out var error), Is.False);
            Assert.That(error, Does.Contain(reason));
        });
    }

    [Test]
    public void Parse_Malformed_ThrowsFormatException()
    {
        Assert.That(() => CertificateFingerprint.Parse("nope"), Throws.InstanceOf<FormatException>().With.Message.Contains("'nope'"));
    }

    [Test]
    public void Of_IsTheSha256OfTheDerEncoding()
    {
        using var certificate = SelfSigned("CN=a");
        Assert.That(CertificateFingerprint.Of(certificate).ToString(), Is.EqualTo("sha256:" + Convert.ToHexStringLower(SHA256.HashData(certificate.RawData))));
    }

    [Test]
    public void Matches_SameCertificate_TrueAndAnotherWithTheSameName_False()
    {
        using var first = SelfSigned("CN=same");
        using var second = SelfSigned("CN=same");
        var pin = CertificateFingerprint.Parse(CertificateFingerprint.Of(first).ToString().ToUpperInvariant().Replace("SHA256:", "sha256:", StringComparison.Ordinal));
        Assert.Multiple(() =>
        {
            Assert.That(pin.Matches(first), Is.True);
            Assert.That(pin.Matches(second), Is.False);
            Assert.That(default(CertificateFingerprint).Matches(first), Is.False);
        });
    }

    [Test]
    public void IssuerCopy_RoundTripsTheIssuerCertificate()
    {
        using var ca = SelfSigned("CN=ca");
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=leaf", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(IssuerCopyExtension.Create(ca));
        using var leaf = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        using var copy = IssuerCopyExtension.Read(leaf);
        using var plain = SelfSigned("CN=plain");
        Assert.Multiple(() =>
        {
            Assert.That(copy?.RawData, Is.EqualTo(ca.RawData));
            Assert.That(IssuerCopyExtension.Read(plain), Is.Null);
        });
    }
}
