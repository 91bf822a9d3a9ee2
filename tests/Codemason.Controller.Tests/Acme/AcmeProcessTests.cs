using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using Codemason.Controller.Tests.Edge;
using Codemason.Proto.V1;
using Codemason.Testing;
using Codemason.Testing.Pebble;

namespace Codemason.Controller.Tests.Acme;

/// <summary>
/// Automatic HTTPS with real processes (docs/edge.md, "ACME"): Debian's pebble on loopback, the controller with
/// <c>Acme:DirectoryUrl</c> set, an agent and its edge container (<c>local/edge:latest</c>, host networking) serving an
/// app whose service declares an https domain. Pebble resolves every name to 127.0.0.1 and validates HTTP-01 on the
/// edge's HTTP port, so the answers go through the real edge; what is checked is the certificate the edge presents
/// for the host's SNI.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class AcmeProcessTests : EdgeClusterTest
{
    private const string App = "secured";
    private const string Host = "secure.example.com";
    private const string PebbleIssuer = "CN=Pebble Intermediate CA";

    private static readonly string MasonJson = $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "ports": ["8080"],
                    "command": ["sh", "-c", "echo web > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "domains": ["{{Host}}"],
                },
            ],
        }
        """;

    private PebbleServer? _pebble;

    [TearDown]
    public async Task StopPebble()
    {
        if (_pebble is not null)
        {
            if (TestContext.CurrentContext.Result.Outcome.Status == NUnit.Framework.Interfaces.TestStatus.Failed)
            {
                await TestContext.Out.WriteLineAsync($"pebble:\n{_pebble.Output}");
            }
            await _pebble.DisposeAsync();
            _pebble = null;
        }
    }

    /// <summary>Pebble validating on <paramref name="validationPort"/> (the edge's HTTP port, or one nothing answers), then the cluster.</summary>
    private async Task<ProcessCluster> StartWithPebbleAsync(Func<int, int> validationPort, TimeSpan? validity, CancellationToken cancellationToken)
    {
        _pebble = await PebbleServer.StartAsync(new PebbleSettings(validationPort(Http), CertificateValidity: validity), cancellationToken);
        return await StartAsync(App, cancellationToken,
            $"--Acme:DirectoryUrl={_pebble.DirectoryUrl}", $"--Acme:TrustedCaFile={_pebble.TrustedRootPath}", "--Acme:Email=ops@example.com",
            "--Acme:ValidationTimeout=00:00:30");
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task HttpsDomain_PebbleIssuesTheCertificateTheEdgeServes_RenewedAtTwoThirdsOfItsLife(CancellationToken cancellationToken)
    {
        // 90 s of validity: renewed 60 s after issue.
        var cluster = await StartWithPebbleAsync(http => http, TimeSpan.FromSeconds(90), cancellationToken);
        await cluster.ApplyAsync(MasonJson);

        X509Certificate2? first = null;
        await Eventually.TrueAsync(async () => (first = await ServedCertificateAsync(cancellationToken))?.Issuer.StartsWith(PebbleIssuer, StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(120), $"the edge serves a certificate pebble issued for {Host}", cancellationToken, TimeSpan.FromMilliseconds(500));
        var listed = (await cluster.Client.ListCertificatesAsync(cluster.Environment)).Certificates.Single();

        Assert.Multiple(() =>
        {
            Assert.That(first!.GetNameInfo(X509NameType.DnsName, forIssuer: false), Is.EqualTo(Host));
            Assert.That((listed.Host, listed.Source, listed.LastError, listed.FailedAttempts), Is.EqualTo((Host, "acme", "", 0)));
            Assert.That(listed.Thumbprint, Is.EqualTo(first.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256).ToLowerInvariant()));
        });

        X509Certificate2? renewed = null;
        await Eventually.TrueAsync(async () => (renewed = await ServedCertificateAsync(cancellationToken)) is { } now
                && now.Issuer.StartsWith(PebbleIssuer, StringComparison.Ordinal) && now.Thumbprint != first!.Thumbprint,
            TimeSpan.FromSeconds(120), "the edge serves a renewed certificate from pebble", cancellationToken, TimeSpan.FromSeconds(1));
        var events = (await cluster.Client.ListEventsAsync(cluster.Environment)).Events;
        Assert.Multiple(() =>
        {
            Assert.That(renewed!.NotBefore, Is.GreaterThan(first!.NotBefore));
            Assert.That(events.Count(e => e.Kind == "certificate-added" && e.Message.Contains(Host, StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2));
            Assert.That(events.Where(e => e.Kind == "certificate-failed"), Is.Empty);
        });
    }

    [Test]
    [CancelAfter(300_000)]
    public async Task PebbleCannotValidate_SelfSignedStillServed_TheErrorInCertsListAndEvents(CancellationToken cancellationToken)
    {
        // Pebble validates on a port nothing listens on: the edge answers, but pebble cannot reach it.
        var cluster = await StartWithPebbleAsync(_ => ControllerProcess.FreePort(), validity: null, cancellationToken);
        await cluster.ApplyAsync(MasonJson);

        CertificateInfo? listed = null;
        await Eventually.TrueAsync(async () => (listed = (await cluster.Client.ListCertificatesAsync(cluster.Environment)).Certificates.SingleOrDefault())?.FailedAttempts > 0,
            TimeSpan.FromSeconds(120), $"a failed attempt recorded for {Host}", cancellationToken, TimeSpan.FromMilliseconds(500));
        var served = await ServedCertificateAsync(cancellationToken);
        var failed = (await cluster.Client.ListEventsAsync(cluster.Environment)).Events.Where(e => e.Kind == "certificate-failed").ToList();

        Assert.Multiple(() =>
        {
            Assert.That((listed!.Host, listed.Source, listed.NotAfter, listed.FailedAttempts), Is.EqualTo((Host, "acme", (Google.Protobuf.WellKnownTypes.Timestamp?)null, 1)));
            Assert.That(listed.LastError, Does.StartWith($"the ACME server could not validate {Host} over HTTP-01"),
                "pebble's error: the edge served the answer (the self-check passed) where pebble did not look");
            Assert.That(served, Is.Not.Null, "the https route is still served");
            Assert.That(served!.Issuer, Does.Not.StartWith(PebbleIssuer), "with the edge's self-signed certificate");
            Assert.That(failed.Single().Message, Does.Contain(listed.LastError).And.Contain("self-signed"));
        });
    }

    /// <summary>The certificate the edge presents for <see cref="Host"/> (SNI) on its HTTPS port; null when it does not answer yet.</summary>
    private async Task<X509Certificate2?> ServedCertificateAsync(CancellationToken cancellationToken)
    {
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync("127.0.0.1", Https, cancellationToken);
            await using var tls = new SslStream(tcp.GetStream(), leaveInnerStreamOpen: false, (_, certificate, _, _) => certificate is not null);
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(5));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = Host }, timeout.Token);
            return tls.RemoteCertificate is { } remote ? X509CertificateLoader.LoadCertificate(remote.GetRawCertData()) : null;
        }
        catch (Exception e) when (e is SocketException or IOException or System.Security.Authentication.AuthenticationException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return null;
        }
    }
}
