using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Codemason.Agent.Engine;
using Codemason.Agent.Registry;
using Codemason.Docker.Containers;
using Codemason.Proto.V1;
using Codemason.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codemason.Agent.Tests.Registry;

/// <summary>
/// <c>local/registry:2.8</c> run by the agent's reconciler on the real engine, configured as the controller would (TLS from
/// a CA, token authentication, a realm given by the message), then recreated, repaired and removed.
/// </summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class RegistryReconcilerIntegrationTests
{
    private const string Image = "local/registry:2.8";
    private const string Environment = "regtest";
    private const string MessageRealm = "https://127.0.0.1:7401/registry/token";
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);

    private TestEngine _engine = null!;
    private NodeScope _scope = null!;
    private EngineNames _names = null!;
    private RegistryReconciler _reconciler = null!;
    private X509Certificate2 _ca = null!;
    private string _caPem = "";
    private string _certificatePem = "";
    private string _keyPem = "";

    [SetUp]
    public async Task SetUp()
    {
        _engine = new TestEngine();
        try
        {
            await _engine.Client.Images.InspectAsync(Image);
        }
        catch (Docker.Errors.DockerNotFoundException)
        {
            Assert.Ignore($"{Image} is not built (make engine runs packaging/registry-image.sh)");
        }
        _scope = new NodeScope("regtest-node", new Dictionary<string, string> { [TestEngine.TestLabel] = _engine.RunId }, NodeId.New().Value);
        _names = new EngineNames($"cm{_engine.RunId}");
        _reconciler = new RegistryReconciler(_engine.Client, _scope, _names, new ImageCache(_engine.Client));
        IssueCertificates();
    }

    [TearDown]
    public async Task TearDown()
    {
        _ca?.Dispose();
        await _engine.DisposeAsync();
    }

    private void IssueCertificates()
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=regtest CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        // One instant for both: a second boundary between two clock reads made the server outlive its CA (refused).
        var now = DateTimeOffset.UtcNow;
        _ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(_ca, now.AddMinutes(-5), now.AddHours(23), RandomNumberGenerator.GetBytes(8));
        _caPem = _ca.ExportCertificatePem();
        _certificatePem = server.ExportCertificatePem() + "\n" + _caPem;
        _keyPem = key.ExportPkcs8PrivateKeyPem();
    }

    /// <summary>The controller's config.yml (RegistryConfiguration), with a realm the message's overrides.</summary>
    private const string ConfigYaml = """
        version: 0.1
        log:
          fields:
            service: registry
        storage:
          filesystem:
            rootdirectory: "/var/lib/docker-registry"
          delete:
            enabled: true
        http:
          addr: ":5000"
          headers:
            X-Content-Type-Options: [nosniff]
          tls:
            certificate: "/etc/docker/registry/registry.crt"
            key: "/etc/docker/registry/registry.key"
        auth:
          token:
            realm: "https://config-realm.invalid/registry/token"
            service: "codemason-registry"
            issuer: "codemason-controller"
            rootcertbundle: "/etc/docker/registry/ca.crt"
        """;

    private EnvironmentRegistry Message(int port, string hash) => new()
    {
        Environment = Environment,
        Address = $"127.0.0.1:{port}",
        CaPem = _caPem,
        Server = new RegistryServer
        {
            Image = Image, Port = (uint)port, ConfigYaml = ConfigYaml, CertificatePem = _certificatePem, KeyPem = _keyPem, Realm = MessageRealm,
            SpecHash = hash,
        },
    };

    private RegistryDeployment Deployment(int port, string hash) => RegistryDeployment.From(Message(port, hash), "https://unused:7400")!;

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private HttpClient TrustingTheCa() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) =>
            {
                if (certificate is null)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(_ca);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(new X509Certificate2(certificate));
            },
        },
    });

    /// <summary>The registry's answer to <c>GET /v2/</c> over TLS checked against the CA, once it answers.</summary>
    private async Task<HttpResponseMessage> ChallengeAsync(int port, CancellationToken cancellationToken)
    {
        using var http = TrustingTheCa();
        HttpResponseMessage? answer = null;
        await Eventually.TrueAsync(async () =>
        {
            try
            {
                answer = await http.GetAsync(new Uri($"https://127.0.0.1:{port}/v2/"), cancellationToken);
                return true;
            }
            catch (HttpRequestException)
            {
                return false;
            }
        }, Converge, $"the registry answers on {port}", cancellationToken, TimeSpan.FromMilliseconds(200));
        return answer!;
    }

    private async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(CancellationToken cancellationToken) =>
        await _engine.Client.Containers.ListAsync(new() { All = true, Filters = _engine.Filter() }, cancellationToken);

    private async Task<string> RunBusyboxOnVolumeAsync(string script, CancellationToken cancellationToken)
    {
        var created = await _engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
        {
            Cmd = ["sh", "-c", script],
            Binds = [$"{_names.RegistryVolume(Environment)}:/data"],
            Labels = new Dictionary<string, string> { [TestEngine.TestLabel] = _engine.RunId },
        }, cancellationToken);
        await _engine.Client.Containers.StartAsync(created.Id, cancellationToken);
        await _engine.Client.Containers.WaitAsync(created.Id, cancellationToken: cancellationToken);
        var output = await _engine.Client.Containers.GetLogsAsync(created.Id, null, cancellationToken);
        await _engine.Client.Containers.RemoveAsync(created.Id, force: true, cancellationToken: cancellationToken);
        return output.Stdout;
    }

    [Test]
    public async Task Reconcile_Server_RegistryAsksForATokenOfTheMessagesRealmOverTls(CancellationToken cancellationToken)
    {
        var port = FreePort();

        var plan = await _reconciler.ReconcileAsync(Deployment(port, "h1"), cancellationToken);
        using var answer = await ChallengeAsync(port, cancellationToken);
        var again = await _reconciler.ReconcileAsync(Deployment(port, "h1"), cancellationToken);

        var container = (await ContainersAsync(cancellationToken)).Single();
        Assert.Multiple(() =>
        {
            Assert.That(plan, Has.Count.EqualTo(1).And.All.TypeOf<CreateRegistry>());
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(answer.Headers.WwwAuthenticate.ToString(), Does.StartWith($"Bearer realm=\"{MessageRealm}\""));
            Assert.That(again, Is.Empty, "running with the same hash: nothing to do");
            Assert.That(container.Name, Is.EqualTo($"cm{_engine.RunId}_registry_{Environment}"));
            Assert.That(container.Labels![ManagedLabels.NodeId], Is.EqualTo(_scope.NodeId));
            Assert.That(container.Labels![ManagedLabels.Registry], Is.EqualTo(Environment));
            Assert.That(container.Labels![ManagedLabels.SpecHash], Is.EqualTo("h1"));
        });
    }

    [Test]
    public async Task Reconcile_SpecHashChanged_RecreatedWithItsVolumeKept(CancellationToken cancellationToken)
    {
        var port = FreePort();
        await _reconciler.ReconcileAsync(Deployment(port, "h1"), cancellationToken);
        var first = (await ContainersAsync(cancellationToken)).Single().Id;
        await RunBusyboxOnVolumeAsync("echo kept > /data/marker", cancellationToken);

        var plan = await _reconciler.ReconcileAsync(Deployment(port, "h2"), cancellationToken);
        using var answer = await ChallengeAsync(port, cancellationToken);

        var second = (await ContainersAsync(cancellationToken)).Single();
        Assert.Multiple(async () =>
        {
            Assert.That(plan.Select(a => a.GetType()), Is.EqualTo(new[] { typeof(RemoveRegistry), typeof(CreateRegistry) }));
            Assert.That(second.Id, Is.Not.EqualTo(first));
            Assert.That(second.Labels![ManagedLabels.SpecHash], Is.EqualTo("h2"));
            Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await RunBusyboxOnVolumeAsync("cat /data/marker", cancellationToken), Is.EqualTo("kept\n"));
        });
    }

    [Test]
    public async Task Service_RemovedByHandThenNoServer_RepairedThenRemovedWithTheVolumeKept(CancellationToken cancellationToken)
    {
        var port = FreePort();
        var trust = Directory.CreateTempSubdirectory("registry-service-");
        try
        {
            var credentials = new RegistryCredentials();
            var service = new RegistryService(_reconciler, new RegistryTrustTracker(new RegistryTrust(trust.FullName)), credentials, "https://unused:7400",
                TimeSpan.FromMinutes(10), TimeProvider.System, NullLogger<RegistryService>.Instance);
            using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var running = service.RunAsync(stop.Token);

            service.Submit(Message(port, "h1"));
            await Eventually.TrueAsync(async () => await ContainersAsync(cancellationToken) is [{ State: "running" }], Converge, "registry running", cancellationToken);
            var first = (await ContainersAsync(cancellationToken)).Single().Id;
            await _engine.Client.Containers.RemoveAsync(first, force: true, cancellationToken: cancellationToken);
            // Stands in for the engine event watcher: the resync interval (10 min) is not what repairs it here.
            service.Touch();
            await Eventually.TrueAsync(async () => await ContainersAsync(cancellationToken) is [{ State: "running" } again] && again.Id != first,
                Converge, "registry recreated", cancellationToken);
            using (var answer = await ChallengeAsync(port, cancellationToken))
            {
                Assert.That(answer.StatusCode, Is.EqualTo(HttpStatusCode.Unauthorized));
            }

            var withoutServer = Message(port, "h1");
            withoutServer.Server = null;
            service.Submit(withoutServer);
            await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Count == 0, Converge, "registry removed", cancellationToken);
            await stop.CancelAsync();
            await running;

            Assert.Multiple(async () =>
            {
                Assert.That(File.Exists(Path.Combine(trust.FullName, $"127.0.0.1:{port}", "ca.crt")), Is.True, "every node of the environment still trusts it");
                Assert.That(credentials.Address, Is.EqualTo($"127.0.0.1:{port}"));
                Assert.That((await _engine.Client.Volumes.ListAsync(_engine.Filter(), cancellationToken)).Select(v => v.Name),
                    Is.EqualTo(new[] { _names.RegistryVolume(Environment) }), "the volume stays for a later return");
            });
        }
        finally
        {
            trust.Delete(recursive: true);
        }
    }
}
