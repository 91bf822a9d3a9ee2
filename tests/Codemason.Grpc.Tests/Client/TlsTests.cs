using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;
using Codemason.Grpc.Tls;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Grpc.Tests.Client;

/// <summary>Kestrel with a certificate from our own CA; the client trusts the CA, pins the certificate, or pins the CA.</summary>
[TestFixture]
public sealed class TlsTests
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _leaf = null!;
    private X509Certificate2 _leafWithCopy = null!;
    private X509Certificate2 _otherCa = null!;
    private X509Certificate2 _forged = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        _ca = CreateCa("CN=Codemason Test CA");
        _otherCa = CreateCa("CN=Codemason Test CA");
        _leaf = CreateLeaf(_ca, "localhost", issuerCopy: null);
        // Named for another host: a pinned client does not check the name.
        _leafWithCopy = CreateLeaf(_ca, "controller.example", issuerCopy: _ca);
        // Signed by another key of the same name, carrying a copy of the pinned CA: must not pass.
        _forged = CreateLeaf(_otherCa, "localhost", issuerCopy: _ca);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _leaf.Dispose();
        _leafWithCopy.Dispose();
        _otherCa.Dispose();
        _forged.Dispose();
    }

    private static X509Certificate2 CreateCa(string name)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest(name, caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        return caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
    }

    private static X509Certificate2 CreateLeaf(X509Certificate2 ca, string dnsName, X509Certificate2? issuerCopy)
    {
        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={dnsName}", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(dnsName);
        if (dnsName == "localhost")
        {
            san.AddIpAddress(IPAddress.Loopback);
        }
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        if (issuerCopy is not null)
        {
            leafRequest.CertificateExtensions.Add(IssuerCopyExtension.Create(issuerCopy));
        }
        // Valid within the CA's own validity: a leaf may not outlive its issuer.
        using var signed = leafRequest.Create(ca, ca.NotBefore.ToUniversalTime(), ca.NotAfter.ToUniversalTime(), RandomNumberGenerator.GetBytes(8));
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    private static async Task<string> CallAsync(GrpcChannel channel, CancellationToken token) =>
        (await new Echo.Echo.EchoClient(channel).UnaryAsync(new EchoRequest { Message = "tls" }, cancellationToken: token)).Message;

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_TrustedCa_Succeeds(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings { TrustedCaCertificates = [_ca] });
        Assert.That(await CallAsync(channel, token), Is.EqualTo("tls"));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_PinnedLeafFingerprint_Succeeds(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings { PinnedFingerprint = CertificateFingerprint.Of(_leaf) });
        Assert.That(await CallAsync(channel, token), Is.EqualTo("tls"));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_PinnedCaWithIssuerCopyInTheLeaf_SucceedsWhateverTheName(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leafWithCopy);
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings { PinnedFingerprint = CertificateFingerprint.Of(_ca) });
        Assert.That(await CallAsync(channel, token), Is.EqualTo("tls"));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_LeafOfAnotherKeyCarryingACopyOfThePinnedCa_UnavailableAndReported(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _forged);
        var reported = new List<string>();
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings
        {
            PinnedFingerprint = CertificateFingerprint.Of(_ca),
            CertificateRejected = reason => { lock (reported) { reported.Add(reason); } },
        });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain($"does not match the pinned fingerprint {CertificateFingerprint.Of(_ca)}").And.EndWith("refusing to connect"));
            Assert.That(reported, Is.Not.Empty);
        });
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_PinnedCaNotSentByTheServer_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings { PinnedFingerprint = CertificateFingerprint.Of(_ca) });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_UntrustedCertificate_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannelFactory.Create(host.Address);
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain("not trusted by the system"));
        });
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_WrongPin_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        var pin = CertificateFingerprint.Parse("sha256:" + new string('0', 64));
        using var channel = GrpcChannelFactory.Create(host.Address, new ChannelSettings { PinnedFingerprint = pin });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain("pinned fingerprint sha256:0000"));
        });
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_CleartextClientAgainstTlsPort_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannelFactory.Create(new UriBuilder(host.Address) { Scheme = "http" }.Uri);
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain("HTTP/2"));
        });
    }
}
