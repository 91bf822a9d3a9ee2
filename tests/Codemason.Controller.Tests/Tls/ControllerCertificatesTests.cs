using System.Net;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Tls;
using Codemason.Grpc.Tls;

namespace Codemason.Controller.Tests.Tls;

public sealed class ControllerCertificatesTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly string[] Names = ["localhost", "127.0.0.1", "::1", "ctl-1"];
    private TempDirectory _data = null!;

    [SetUp]
    public void SetUp() => _data = new TempDirectory();

    [TearDown]
    public void TearDown() => _data.Dispose();

    private string TlsFile(string name) => Path.Combine(_data.Path, ControllerCertificates.DirectoryName, name);

    [Test]
    public void LoadOrCreate_FirstTime_MakesACaAndAServerCertificateSignedByIt()
    {
        using var made = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);

        var san = made.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = Now.UtcDateTime;
        chain.ChainPolicy.CustomTrustStore.Add(made.Ca);
        using var copy = IssuerCopyExtension.Read(made.Server);
        Assert.Multiple(() =>
        {
            Assert.That(made.CaCreated && made.ServerIssued, Is.True);
            Assert.That(made.Ca.GetECDsaPublicKey()!.KeySize, Is.EqualTo(256));
            Assert.That(chain.Build(made.Server), Is.True);
            Assert.That(san.EnumerateDnsNames(), Is.EquivalentTo(new[] { "localhost", "ctl-1" }));
            Assert.That(san.EnumerateIPAddresses(), Is.EquivalentTo(new[] { IPAddress.Loopback, IPAddress.IPv6Loopback }));
            Assert.That(copy?.RawData, Is.EqualTo(made.Ca.RawData));
            Assert.That(made.Fingerprint, Is.EqualTo(CertificateFingerprint.Of(made.Ca)));
            Assert.That(File.GetUnixFileMode(TlsFile(ControllerCertificates.CaKeyFile)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(TlsFile(ControllerCertificates.ServerKeyFile)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    public void LoadOrCreate_EveryExtensionOid_HasArcsGnuTlsAndGoCanParse()
    {
        using var made = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);

        // GnuTLS (Debian's git, curl-gnutls) refuses a certificate with an OID arc beyond 64 bits ("Error in DER
        // parsing"), Go's parser (Docker engines, the registry) one beyond 31 bits.
        var arcs = made.Server.Extensions.Select(e => e.Oid!.Value!).SelectMany(oid => oid.Split('.'));
        Assert.That(arcs.All(arc => int.TryParse(arc, System.Globalization.CultureInfo.InvariantCulture, out _)), Is.True);
        Assert.That(made.Server.Extensions.Select(e => e.Oid!.Value), Does.Contain(IssuerCopyExtension.Oid));
    }

    [Test]
    public void Covers_CopyUnderTheLegacyOid_ReissuedSoGitCanConnect()
    {
        using var made = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);
        using var legacy = ServerWithCopy(made.Ca, IssuerCopyExtension.LegacyOid);
        using var current = ServerWithCopy(made.Ca, IssuerCopyExtension.Oid);

        using var copy = IssuerCopyExtension.Read(legacy);
        Assert.That(copy?.RawData, Is.EqualTo(made.Ca.RawData), "old certificates still carry a readable copy");
        Assert.That((CertificateAuthority.Covers(legacy, made.Ca, ["localhost"], Now), CertificateAuthority.Covers(current, made.Ca, ["localhost"], Now)),
            Is.EqualTo((false, true)));
    }

    private static X509Certificate2 ServerWithCopy(X509Certificate2 ca, string oid)
    {
        using var key = System.Security.Cryptography.ECDsa.Create(System.Security.Cryptography.ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=codemason-controller", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509Extension(oid, ca.RawData, false));
        return request.Create(ca, Now.AddMinutes(-5), Now.AddDays(365), [1, 2, 3, 4]);
    }

    [Test]
    public void LoadOrCreate_SecondTime_KeepsBoth()
    {
        using var first = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);
        using var second = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now.AddDays(30));

        Assert.Multiple(() =>
        {
            Assert.That(second.CaCreated || second.ServerIssued, Is.False);
            Assert.That(second.Fingerprint, Is.EqualTo(first.Fingerprint));
            Assert.That(second.Server.RawData, Is.EqualTo(first.Server.RawData));
            Assert.That(second.Server.HasPrivateKey && second.Ca.HasPrivateKey, Is.True);
        });
    }

    [Test]
    public void LoadOrCreate_NewName_ReissuesTheServerCertificateFromTheSameCa()
    {
        using var first = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);
        using var second = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", [.. Names, "mason.example.com", "10.0.0.5"], Now);

        var san = second.Server.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        Assert.Multiple(() =>
        {
            Assert.That(second.CaCreated, Is.False);
            Assert.That(second.ServerIssued, Is.True);
            Assert.That(second.Fingerprint, Is.EqualTo(first.Fingerprint));
            Assert.That(san.EnumerateDnsNames(), Does.Contain("mason.example.com"));
            Assert.That(san.EnumerateIPAddresses(), Does.Contain(IPAddress.Parse("10.0.0.5")));
        });
    }

    [Test]
    public void LoadOrCreate_ServerCertificateNearItsEnd_IsReissued()
    {
        using var first = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now);
        var late = Now.Add(CertificateAuthority.ServerLifetime) - CertificateAuthority.RenewBefore + TimeSpan.FromDays(1);
        using var second = ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, late);

        Assert.Multiple(() =>
        {
            Assert.That(second.ServerIssued, Is.True);
            Assert.That(second.Fingerprint, Is.EqualTo(first.Fingerprint));
        });
    }

    [TestCase(ControllerCertificates.CaCertificateFile, "garbage", "is not a PEM certificate")]
    [TestCase(ControllerCertificates.CaKeyFile, "garbage", "is not the ECDSA private key")]
    [TestCase(ControllerCertificates.ServerKeyFile, "garbage", "is not the ECDSA private key")]
    public void LoadOrCreate_CorruptFile_ThrowsNamingIt(string file, string content, string reason)
    {
        using (ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now))
        {
        }
        File.WriteAllText(TlsFile(file), content);

        var ex = Assert.Throws<ControllerTlsException>(() => ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.Path, Is.EqualTo(TlsFile(file)));
            Assert.That(ex.Message, Does.StartWith(TlsFile(file)).And.Contain(reason));
        });
    }

    [Test]
    public void LoadOrCreate_KeyOfAnotherCa_ThrowsNamingTheKey()
    {
        using (ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now))
        {
        }
        using var other = new TempDirectory();
        using (ControllerCertificates.LoadOrCreate(other.Path, "ctl-2", Names, Now))
        {
        }
        File.Copy(Path.Combine(other.Path, ControllerCertificates.DirectoryName, ControllerCertificates.CaKeyFile), TlsFile(ControllerCertificates.CaKeyFile), overwrite: true);

        var ex = Assert.Throws<ControllerTlsException>(() => ControllerCertificates.LoadOrCreate(_data.Path, "ctl-1", Names, Now));

        Assert.That(ex!.Path, Is.EqualTo(TlsFile(ControllerCertificates.CaKeyFile)));
    }
}
