using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;

namespace Codemason.Grpc.Tests.Client;

/// <summary>Kestrel with a certificate from our own CA; the client trusts the CA or pins the certificate.</summary>
[TestFixture]
public sealed class TlsTests
{
    private X509Certificate2 _ca = null!;
    private X509Certificate2 _leaf = null!;

    [OneTimeSetUp]
    public void CreateCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Codemason Test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign, true));
        var now = DateTimeOffset.UtcNow;
        _ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest("CN=localhost", leafKey, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        san.AddIpAddress(IPAddress.Loopback);
        leafRequest.CertificateExtensions.Add(san.Build());
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var signed = leafRequest.Create(_ca, now.AddMinutes(-5), now.AddDays(1), [1, 2, 3, 4]);
        using var withKey = signed.CopyWithPrivateKey(leafKey);
        _leaf = X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pfx), null);
    }

    [OneTimeTearDown]
    public void DisposeCertificates()
    {
        _ca.Dispose();
        _leaf.Dispose();
    }

    private static async Task<string> CallAsync(GrpcChannel channel, CancellationToken token) =>
        (await channel.UnaryAsync<EchoRequest, EchoReply>(EchoMethods.Unary, new EchoRequest { Message = "tls" }, new(CancellationToken: token))).Message;

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_TrustedCa_Succeeds(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { TrustedCaCertificates = [_ca] });
        Assert.That(await CallAsync(channel, token), Is.EqualTo("tls"));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_PinnedFingerprint_Succeeds(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        var pin = Convert.ToHexString(SHA256.HashData(_leaf.RawData));
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { PinnedServerCertificateSha256 = pin });
        Assert.That(await CallAsync(channel, token), Is.EqualTo("tls"));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_UntrustedCertificate_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannel.ForAddress(host.Address);
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }

    [Test, CancelAfter(15_000)]
    public async Task UnaryAsync_WrongPin_Unavailable(CancellationToken token)
    {
        await using var host = await GrpcTestHost.StartAsync(certificate: _leaf);
        using var channel = GrpcChannel.ForAddress(host.Address, new GrpcChannelOptions { PinnedServerCertificateSha256 = new string('0', 64) });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await CallAsync(channel, token));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }
}
