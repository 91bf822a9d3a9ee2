using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Agent.Registry;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryTrustTests
{
    private string _root = "";
    private RegistryTrust _trust = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("registry-trust-").FullName;
        _trust = new RegistryTrust(Path.Combine(_root, "certs.d"));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static string CaPem(string name)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }

    [Test]
    public void Trust_NewRegistry_WritesCaCrtReadableByTheEngineInItsFolder()
    {
        var pem = CaPem("one");

        var written = _trust.Trust("10.0.0.5:5000", pem);

        var path = Path.Combine(_root, "certs.d", "10.0.0.5:5000", "ca.crt");
        Assert.Multiple(() =>
        {
            Assert.That(written, Is.True);
            Assert.That(File.ReadAllText(path), Is.EqualTo(pem + "\n"));
            Assert.That(File.GetUnixFileMode(path) & UnixFileMode.OtherRead, Is.EqualTo(UnixFileMode.OtherRead));
            Assert.That(Directory.GetFiles(Path.GetDirectoryName(path)!), Has.Length.EqualTo(1), "no temporary file is left");
        });
    }

    [Test]
    public void Trust_SameCertificateAgain_LeavesTheFileUntouched()
    {
        var pem = CaPem("one");
        _trust.Trust("registry.internal:5000", pem);
        var path = _trust.CaPath("registry.internal:5000");
        var before = File.GetLastWriteTimeUtc(path);
        File.SetLastWriteTimeUtc(path, before.AddHours(-1));

        var written = _trust.Trust("registry.internal:5000", pem.Replace("\n", "\r\n", StringComparison.Ordinal));

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.False);
            Assert.That(File.GetLastWriteTimeUtc(path), Is.EqualTo(before.AddHours(-1)));
        });
    }

    [Test]
    public void Trust_NewCertificate_ReplacesTheOldOne()
    {
        _trust.Trust("registry.internal:5000", CaPem("old"));
        var fresh = CaPem("new");

        var written = _trust.Trust("registry.internal:5000", fresh);

        Assert.Multiple(() =>
        {
            Assert.That(written, Is.True);
            Assert.That(File.ReadAllText(_trust.CaPath("registry.internal:5000")), Is.EqualTo(fresh + "\n"));
        });
    }

    [TestCase("../etc")]
    [TestCase("a/b:5000")]
    [TestCase("")]
    [TestCase("..")]
    [TestCase(".hidden:5000")]
    public void Trust_NameThatIsNotAHostPort_IsRefusedAndWritesNothing(string registry)
    {
        Assert.Multiple(() =>
        {
            Assert.Throws<ArgumentException>(() => _trust.Trust(registry, CaPem("one")));
            Assert.That(Directory.Exists(Path.Combine(_root, "certs.d")), Is.False);
        });
    }

    [Test]
    public void Trust_TextThatIsNotACertificate_IsRefused()
    {
        Assert.Throws<ArgumentException>(() => _trust.Trust("registry.internal:5000", "-----BEGIN CERTIFICATE-----\nnope\n-----END CERTIFICATE-----\n"));
    }

    [Test]
    public void Forget_TrustedRegistry_RemovesItsFolder()
    {
        _trust.Trust("[fd00::5]:5000", CaPem("one"));

        Assert.Multiple(() =>
        {
            Assert.That(_trust.Forget("[fd00::5]:5000"), Is.True);
            Assert.That(Directory.Exists(Path.Combine(_root, "certs.d", "[fd00::5]:5000")), Is.False);
            Assert.That(_trust.Forget("[fd00::5]:5000"), Is.False);
        });
    }
}
