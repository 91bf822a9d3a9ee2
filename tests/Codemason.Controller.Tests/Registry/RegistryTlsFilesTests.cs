using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Registry;
using Codemason.Controller.Tls;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryTlsFilesTests
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    [Test]
    public void Issue_Names_ServerCertificateOfTheCaCoveringThemWithoutOidsGoCannotParse()
    {
        using var ca = CertificateAuthority.CreateCa("test", Now);

        var files = RegistryTlsFiles.Issue(ca, ["10.0.0.5", "registry.internal"], Now);

        var chain = new X509Certificate2Collection();
        chain.ImportFromPem(files.CertificatePem);
        using var leaf = X509Certificate2.CreateFromPem(files.CertificatePem, files.KeyPem);
        using var trust = new X509Chain();
        trust.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        trust.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        trust.ChainPolicy.CustomTrustStore.Add(ca);
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(trust.Build(leaf), Is.True);
            Assert.That(chain, Has.Count.EqualTo(2), "the leaf, then the CA");
            Assert.That(chain[1].RawData, Is.EqualTo(ca.RawData));
            Assert.That(X509Certificate2.CreateFromPem(files.CaPem).RawData, Is.EqualTo(ca.RawData));
            Assert.That(san.EnumerateDnsNames(), Is.EqualTo(new[] { "registry.internal" }));
            Assert.That(san.EnumerateIPAddresses().Select(a => a.ToString()), Is.EqualTo(new[] { "10.0.0.5" }));
            Assert.That(leaf.Extensions.Select(e => e.Oid!.Value), Has.None.StartsWith("2.25."));
            Assert.That(leaf.HasPrivateKey, Is.True);
        });
        foreach (var certificate in chain)
        {
            certificate.Dispose();
        }
    }

    [Test]
    public void Issue_NoNames_Refused()
    {
        using var ca = CertificateAuthority.CreateCa("test", Now);

        Assert.Throws<ArgumentException>(() => RegistryTlsFiles.Issue(ca, [], Now));
    }

    [Test]
    public void IssueSigning_Ca_DigitalSignatureOnlyAndChainsToTheCa()
    {
        using var ca = CertificateAuthority.CreateCa("test", Now);

        using var signing = CertificateAuthority.IssueSigning(ca, "codemason-registry-token", Now);

        using var key = signing.GetECDsaPrivateKey();
        Assert.Multiple(() =>
        {
            Assert.That(key, Is.Not.Null);
            Assert.That(signing.Extensions.OfType<X509KeyUsageExtension>().Single().KeyUsages, Is.EqualTo(X509KeyUsageFlags.DigitalSignature));
            Assert.That(signing.Extensions.OfType<X509BasicConstraintsExtension>().Single().CertificateAuthority, Is.False);
            Assert.That(signing.NotAfter - signing.NotBefore, Is.EqualTo(CertificateAuthority.SigningLifetime + TimeSpan.FromMinutes(5)).Within(TimeSpan.FromSeconds(1)));
            Assert.That(signing.Issuer, Is.EqualTo(ca.Subject));
        });
    }
}
