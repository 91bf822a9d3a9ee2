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
