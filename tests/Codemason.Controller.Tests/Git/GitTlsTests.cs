using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Codemason.Controller.Git;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Controller.Tls;
using Microsoft.Extensions.DependencyInjection;

namespace Codemason.Controller.Tests.Git;

/// <summary>The git remotes over the controller's TLS port, where ALPN picks HTTP/1.1 or HTTP/2, clients trusting the controller's CA.</summary>
public sealed class GitTlsTests
{
    private readonly ScriptedReceiver _receiver = new();
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync(new Dictionary<string, string?> { ["Controller:Tls"] = "on" },
            services: s => s.AddSingleton<IPushReceiver>(_receiver));
        await _host.Services.GetRequiredService<GitRepositories>().CreateAsync("staging", "shop", CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private string CaFile => Path.Combine(_host.DataDirectory, ControllerCertificates.DirectoryName, ControllerCertificates.CaCertificateFile);

    [TestCase("1.1")]
    [TestCase("2.0")]
    [CancelAfter(30_000)]
    public async Task InfoRefs_OverTls_AdvertisesTheRefsOnEitherProtocol(string version)
    {
        using var ca = X509CertificateLoader.LoadCertificateFromFile(CaFile);
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, _) =>
        {
            using var chain = new X509Chain();
            chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
            chain.ChainPolicy.CustomTrustStore.Add(ca);
            return certificate is X509Certificate2 leaf && chain.Build(leaf);
        };
        using var http = new HttpClient(handler);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(_host.Address, "/git/staging/shop.git/info/refs?service=git-upload-pack"))
        {
            Version = Version.Parse(version),
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
        };
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("git:" + _host.AdminToken)));

        using var response = await http.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();

        Assert.Multiple(() =>
        {
            Assert.That(_host.Address.Scheme, Is.EqualTo("https"));
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), body);
            Assert.That(response.Version, Is.EqualTo(Version.Parse(version)));
            Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo("application/x-git-upload-pack-advertisement"));
            Assert.That(body, Does.StartWith("001e# service=git-upload-pack\n"));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Push_GitOverTlsTrustingTheCa_ReachesTheReceiver()
    {
        using var git = new GitClient();
        var (folder, commit) = await git.CommitAsync("tls", new Dictionary<string, string> { ["mason.json"] = "{}" });
        var url = $"https://git:{Uri.EscapeDataString(_host.AdminToken)}@127.0.0.1:{_host.Address.Port}/git/staging/shop.git";

        var (exitCode, _, error) = await git.RunAsync(folder, "-c", $"http.sslCAInfo={CaFile}", "push", url, "main");

        Assert.Multiple(() =>
        {
            Assert.That(exitCode, Is.Zero, error);
            Assert.That(_receiver.Pushes.Single().Updates.Single().NewId, Is.EqualTo(commit));
        });
    }
}
