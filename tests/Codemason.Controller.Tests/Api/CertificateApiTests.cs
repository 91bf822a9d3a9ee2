using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Api;

/// <summary>Certificates through the real gRPC client against the real controller: upload, list, refusals, removal.</summary>
public sealed class CertificateApiTests
{
    private ControllerTestHost _host = null!;
    private GrpcChannel _channel = null!;
    private RouteService.RouteServiceClient _routes = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        await _host.Client.CreateEnvironmentAsync("prod");
        _channel = GrpcChannel.ForAddress(_host.Address);
        _routes = new RouteService.RouteServiceClient(_channel);
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    private CallOptions Admin => Bearer(_host.AdminToken);

    private static CallOptions Bearer(string token) => new(new Metadata { { "authorization", "Bearer " + token } });

    /// <summary>A self-signed certificate for <paramref name="hosts"/> and its key, both PEM.</summary>
    private static (string Certificate, string Key) SelfSigned(DateTimeOffset notBefore, DateTimeOffset notAfter, params string[] hosts)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=" + (hosts.FirstOrDefault() ?? "nobody"), key, HashAlgorithmName.SHA256);
        if (hosts.Length > 0)
        {
            var names = new SubjectAlternativeNameBuilder();
            foreach (var host in hosts)
            {
                names.AddDnsName(host);
            }
            request.CertificateExtensions.Add(names.Build());
        }
        using var certificate = request.CreateSelfSigned(notBefore, notAfter);
        return (certificate.ExportCertificatePem(), key.ExportPkcs8PrivateKeyPem());
    }

    private static (string Certificate, string Key) Valid(params string[] hosts) =>
        SelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90), hosts);

    private AsyncUnaryCall<AddCertificateResponse> Add(string certificate, string key, CallOptions? options = null) =>
        _routes.AddCertificateAsync(new AddCertificateRequest { Environment = "prod", CertificatePem = certificate, KeyPem = key }, options ?? Admin);

    [Test]
    [CancelAfter(30_000)]
    public async Task AddCertificate_SelfSigned_ListedPerHostWithExpiryAndNoKey()
    {
        var (certificate, key) = Valid("Shop.Example.com", "api.example.com");

        var added = await Add(certificate, key);
        var listed = await _routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = "prod" }, Admin);

        Assert.Multiple(() =>
        {
            Assert.That(added.Certificates.Select(c => c.Host), Is.EqualTo(new[] { "api.example.com", "shop.example.com" }));
            Assert.That(listed.Certificates, Is.EqualTo(added.Certificates));
            var shop = listed.Certificates[1];
            Assert.That(shop.Source, Is.EqualTo("uploaded"));
            Assert.That(shop.DaysLeft, Is.InRange(88, 90));
            Assert.That(shop.NotAfter.ToDateTimeOffset(), Is.EqualTo(DateTimeOffset.UtcNow.AddDays(90)).Within(TimeSpan.FromMinutes(5)));
            Assert.That(shop.Names, Is.EqualTo(new[] { "shop.example.com", "api.example.com" }));
            Assert.That(shop.Thumbprint, Has.Length.EqualTo(64));
            Assert.That(listed.ToString(), Does.Not.Contain("PRIVATE KEY"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AddCertificate_ReachesTheEdgeSnapshotWithItsKey()
    {
        var (certificate, key) = Valid("shop.example.com");

        await Add(certificate, key);

        var stored = (await _host.Store.GetEdgeSnapshotAsync("prod", CancellationToken.None)).Certificates.Single();
        Assert.Multiple(() =>
        {
            Assert.That(stored.Host, Is.EqualTo("shop.example.com"));
            Assert.That(stored.KeyPem, Does.StartWith("-----BEGIN PRIVATE KEY-----"));
            Assert.That(stored.CertificatePem, Does.StartWith("-----BEGIN CERTIFICATE-----"));
        });
    }

    private static IEnumerable<TestCaseData> Refusals()
    {
        var (certificate, key) = Valid("shop.example.com");
        var (_, otherKey) = Valid("shop.example.com");
        var (expired, expiredKey) = SelfSigned(DateTimeOffset.UtcNow.AddDays(-30), DateTimeOffset.UtcNow.AddDays(-1), "shop.example.com");
        var (unnamed, unnamedKey) = Valid();
        var (deepWildcard, deepWildcardKey) = Valid("a.*.example.com");
        yield return new TestCaseData("garbage", key, "the certificate is not PEM: no \"-----BEGIN CERTIFICATE-----\" block was found").SetName("garbage certificate");
        yield return new TestCaseData(certificate, "garbage", "the key is not PEM: no \"-----BEGIN ... PRIVATE KEY-----\" block was found").SetName("garbage key");
        yield return new TestCaseData(certificate, otherKey, "the key does not match the certificate: it is not the private key of the certificate's public key").SetName("mismatched key");
        yield return new TestCaseData(expired, expiredKey, "the certificate expired on").SetName("expired");
        yield return new TestCaseData(unnamed, unnamedKey, "the certificate names no DNS host in its subject alternative names").SetName("no DNS names");
        yield return new TestCaseData(deepWildcard, deepWildcardKey, "the certificate names a.*.example.com: only wildcards of the form *.domain are supported").SetName("inner wildcard");
        yield return new TestCaseData("", key, "certificate_pem is required: the PEM of the certificate, then its chain").SetName("no certificate");
    }

    [TestCaseSource(nameof(Refusals))]
    [CancelAfter(30_000)]
    public async Task AddCertificate_BadInput_InvalidArgumentWithOneSentence(string certificate, string key, string message)
    {
        var error = Assert.ThrowsAsync<RpcException>(async () => await Add(certificate, key));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.StartWith(message));
        Assert.That((await _routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = "prod" }, Admin)).Certificates, Is.Empty);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task AddCertificate_AsViewer_PermissionDenied()
    {
        var viewer = await new TokenService.TokenServiceClient(_channel).CreateTokenAsync(
            new CreateTokenRequest { Name = "watcher", Role = TokenRole.Viewer, Environments = { "prod" }, TtlSeconds = 3600 }, Admin);
        var (certificate, key) = Valid("shop.example.com");

        var error = Assert.ThrowsAsync<RpcException>(async () => await Add(certificate, key, Bearer(viewer.Secret)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.PermissionDenied));
        Assert.That((await _routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = "prod" }, Bearer(viewer.Secret))).Certificates, Is.Empty);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RemoveCertificate_OneHost_OnlyThatHostGoesAndAgainIsNotFound()
    {
        var (certificate, key) = Valid("shop.example.com", "api.example.com");
        await Add(certificate, key);

        await _routes.RemoveCertificateAsync(new RemoveCertificateRequest { Environment = "prod", Host = "SHOP.example.com" }, Admin);

        var listed = await _routes.ListCertificatesAsync(new ListCertificatesRequest { Environment = "prod" }, Admin);
        Assert.That(listed.Certificates.Select(c => c.Host), Is.EqualTo(new[] { "api.example.com" }));
        var error = Assert.ThrowsAsync<RpcException>(async () =>
            await _routes.RemoveCertificateAsync(new RemoveCertificateRequest { Environment = "prod", Host = "shop.example.com" }, Admin));
        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.NotFound));
    }
}
