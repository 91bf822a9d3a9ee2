using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Agent.Registry;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryTrustTrackerTests
{
    private string _root = "";
    private RegistryTrustTracker _tracker = null!;

    [SetUp]
    public void SetUp()
    {
        _root = Directory.CreateTempSubdirectory("registry-trust-tracker-").FullName;
        _tracker = new RegistryTrustTracker(new RegistryTrust(_root));
    }

    [TearDown]
    public void TearDown() => Directory.Delete(_root, recursive: true);

    private static string CaPem()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=ca", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        using var ca = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(1));
        return ca.ExportCertificatePem();
    }

    private string[] Folders() => [.. Directory.GetDirectories(_root).Select(Path.GetFileName).Order()!];

    [Test]
    public void Follow_Address_WritesItsCa()
    {
        var pem = CaPem();

        _tracker.Follow("10.0.0.5:7402", pem);

        Assert.Multiple(() =>
        {
            Assert.That(File.ReadAllText(Path.Combine(_root, "10.0.0.5:7402", "ca.crt")), Is.EqualTo(pem + "\n"));
            Assert.That(_tracker.Trusted, Is.EqualTo("10.0.0.5:7402"));
        });
    }

    [Test]
    public void Follow_AddressChanged_NewWrittenOldForgotten()
    {
        var pem = CaPem();
        _tracker.Follow("10.0.0.5:7402", pem);

        _tracker.Follow("10.0.0.6:7402", pem);

        Assert.That(Folders(), Is.EqualTo(new[] { "10.0.0.6:7402" }));
    }

    [Test]
    public void Follow_AddressEmptied_Forgotten()
    {
        _tracker.Follow("10.0.0.5:7402", CaPem());

        _tracker.Follow("", "");

        Assert.Multiple(() =>
        {
            Assert.That(Folders(), Is.Empty);
            Assert.That(_tracker.Trusted, Is.Empty);
        });
    }

    [Test]
    public void Follow_MalformedAddressAfterAGoodOne_OldForgottenAndRefused()
    {
        _tracker.Follow("10.0.0.5:7402", CaPem());

        Assert.Throws<ArgumentException>(() => _tracker.Follow("../etc", CaPem()));

        Assert.That(Folders(), Is.Empty);
    }
}
