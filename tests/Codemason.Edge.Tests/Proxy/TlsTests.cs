using System.Net;
using System.Security.Cryptography.X509Certificates;
using Codemason.Edge.Configuration;
using Codemason.Edge.Tests.Support;

namespace Codemason.Edge.Tests.Proxy;

public sealed class TlsTests
{
    private Backend _backend = null!;
    private EdgeUnderTest _edge = null!;

    [SetUp]
    public async Task Start()
    {
        _backend = await Backend.StartAsync("web-1");
        _edge = await EdgeUnderTest.StartAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        await _edge.DisposeAsync();
        await _backend.DisposeAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Handshake_HostWithUploadedCertificate_GetsIt_OthersGetSelfSigned(CancellationToken cancellationToken)
    {
        var (shop, shopCertificate) = TestCertificates.Create("shop.example.com");
        var (wildcard, wildcardCertificate) = TestCertificates.Create("*.apps.example.com");
        await _edge.ApplyAsync(new EdgeConfig
        {
            Version = "v1",
            Routes =
            [
                _edge.Route("shop", "shop.example.com", [_backend], https: true),
                _edge.Route("api", "api.apps.example.com", [_backend], https: true),
                _edge.Route("blog", "blog.example.com", [_backend], https: true),
            ],
            Certificates = [shop, wildcard],
        }, cancellationToken);

        var (shopServed, shopBody) = await GetOverTlsAsync("shop.example.com", cancellationToken);
        var (apiServed, apiBody) = await GetOverTlsAsync("api.apps.example.com", cancellationToken);
        var (blogServed, blogBody) = await GetOverTlsAsync("blog.example.com", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(shopServed.Thumbprint, Is.EqualTo(shopCertificate.Thumbprint));
            Assert.That(apiServed.Thumbprint, Is.EqualTo(wildcardCertificate.Thumbprint));
            Assert.That(blogServed.Thumbprint, Is.Not.EqualTo(shopCertificate.Thumbprint));
            Assert.That(blogServed.GetNameInfo(X509NameType.DnsName, false), Is.EqualTo("blog.example.com"));
            Assert.That(blogServed.Subject, Is.EqualTo(blogServed.Issuer), "self-signed");
            Assert.That(new[] { shopBody, apiBody, blogBody }, Is.All.EqualTo("web-1"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Handshake_AfterTheCertificateChanges_GetsTheNewOneWithoutRestart(CancellationToken cancellationToken)
    {
        var (first, firstCertificate) = TestCertificates.Create("shop.example.com");
        var (second, secondCertificate) = TestCertificates.Create("shop.example.com");
        var route = _edge.Route("shop", "shop.example.com", [_backend], https: true);
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route], Certificates = [first] }, cancellationToken);
        var (before, _) = await GetOverTlsAsync("shop.example.com", cancellationToken);

        await _edge.ApplyAsync(new EdgeConfig { Version = "v2", Routes = [route], Certificates = [second] }, cancellationToken);
        var (after, _) = await GetOverTlsAsync("shop.example.com", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(before.Thumbprint, Is.EqualTo(firstCertificate.Thumbprint));
            Assert.That(after.Thumbprint, Is.EqualTo(secondCertificate.Thumbprint));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_OverTls_NegotiatesHttp2(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("shop", "shop.example.com", [_backend], https: true)] }, cancellationToken);
        using var client = EdgeClient.Create();
        using var request = new HttpRequestMessage(HttpMethod.Get, _edge.Https("shop.example.com", "/h2"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };

        using var response = await client.SendAsync(request, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(response.Version, Is.EqualTo(HttpVersion.Version20));
            Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("web-1"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_OnHttpPortForAnHttpsHost_Is308ToHttpsKeepingPathAndQuery(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("shop", "shop.example.com", [_backend], https: true)] }, cancellationToken);
        using var client = EdgeClient.Create();

        using var response = await client.GetAsync(_edge.Http("shop.example.com", "/cart/1?x=1&y=2"), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.PermanentRedirect));
            Assert.That(response.Headers.Location, Is.EqualTo(new Uri($"https://shop.example.com:{_edge.HttpsPort}/cart/1?x=1&y=2")));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_AcmeChallengeOnHttpPort_IsAnsweredNotRedirected(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig
        {
            Version = "v1",
            Routes = [_edge.Route("shop", "shop.example.com", [_backend], https: true)],
            Challenges = [new EdgeChallenge { Token = "abc", KeyAuthorization = "abc.xyz" }],
        }, cancellationToken);
        using var client = EdgeClient.Create();

        using var known = await client.GetAsync(_edge.Http("shop.example.com", "/.well-known/acme-challenge/abc"), cancellationToken);
        using var unknown = await client.GetAsync(_edge.Http("shop.example.com", "/.well-known/acme-challenge/nope"), cancellationToken);
        using var unroutedHost = await client.GetAsync(_edge.Http("new.example.com", "/.well-known/acme-challenge/abc"), cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(known.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(known.Content.Headers.ContentType?.MediaType, Is.EqualTo("text/plain"));
            Assert.That(await known.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("abc.xyz"));
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unroutedHost.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("abc.xyz"));
        });
    }

    private async Task<(X509Certificate2 Certificate, string Body)> GetOverTlsAsync(string host, CancellationToken cancellationToken)
    {
        X509Certificate2? served = null;
        using var client = EdgeClient.Create(serverCertificate: certificate => served = certificate);
        var body = await client.GetStringAsync(_edge.Https(host), cancellationToken);
        return (served!, body);
    }
}
