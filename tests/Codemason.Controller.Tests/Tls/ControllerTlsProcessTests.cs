using Codemason.Controller.Hosting;
using Codemason.Controller.Tls;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Tls;

/// <summary>
/// The real controller binary serving TLS on 127.0.0.1 (<c>--tls on</c>): the CA made once and kept, the
/// fingerprint in the API, clients that pin it, cleartext clients and bad files or flags refused clearly.
/// </summary>
public sealed class ControllerTlsProcessTests
{
    private TempDirectory _data = null!;

    [SetUp]
    public void SetUp() => _data = new TempDirectory();

    [TearDown]
    public void TearDown() => _data.Dispose();

    private string TlsFile(string name) => Path.Combine(_data.Path, ControllerCertificates.DirectoryName, name);

    private Task<ControllerProcess> StartTlsAsync(CancellationToken cancellationToken, int port = 0) =>
        ControllerProcess.StartAsync(_data.Path, cancellationToken, listen: $"http://127.0.0.1:{port}", arguments: ["--tls", "on"]);

    private async Task<ApiClient> PinnedClientAsync(ControllerProcess controller, GrpcChannel channel, CancellationToken cancellationToken)
    {
        var token = (await File.ReadAllTextAsync(_data.File(ControllerOptions.AdminTokenFileName), cancellationToken)).Trim();
        return new ApiClient(channel, token);
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Restart_TlsOn_TheCaIsMadeOnceAndKeptWithTheSameFingerprint(CancellationToken cancellationToken)
    {
        string firstFingerprint;
        byte[] firstCa;
        byte[] firstServer;
        Uri firstAddress;
        using (var first = await StartTlsAsync(cancellationToken))
        {
            firstFingerprint = first.CaFingerprint!;
            firstAddress = first.Address;
            firstCa = await File.ReadAllBytesAsync(TlsFile(ControllerCertificates.CaCertificateFile), cancellationToken);
            firstServer = await File.ReadAllBytesAsync(TlsFile(ControllerCertificates.ServerCertificateFile), cancellationToken);
            Assert.That(first.StandardOutput, Does.Contain("TLS on; new CA"));
            first.KillHard();
        }

        using var second = await StartTlsAsync(cancellationToken);
        using var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
            await File.ReadAllTextAsync(TlsFile(ControllerCertificates.CaCertificateFile), cancellationToken));
        Assert.Multiple(() =>
        {
            Assert.That(firstAddress.Scheme, Is.EqualTo("https"));
            Assert.That(firstFingerprint, Does.Match("^sha256:[0-9a-f]{64}$"));
            Assert.That(second.CaFingerprint, Is.EqualTo(firstFingerprint));
            Assert.That(second.StandardOutput, Does.Not.Contain("new CA"));
            Assert.That(CertificateFingerprint.Of(ca).ToString(), Is.EqualTo(firstFingerprint));
            Assert.That(File.ReadAllBytes(TlsFile(ControllerCertificates.CaCertificateFile)), Is.EqualTo(firstCa));
            Assert.That(File.ReadAllBytes(TlsFile(ControllerCertificates.ServerCertificateFile)), Is.EqualTo(firstServer));
            Assert.That(File.GetUnixFileMode(TlsFile(ControllerCertificates.CaKeyFile)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
            Assert.That(File.GetUnixFileMode(TlsFile(ControllerCertificates.ServerKeyFile)), Is.EqualTo(UnixFileMode.UserRead | UnixFileMode.UserWrite));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task IssueJoinToken_TlsOn_CarriesTheFingerprintAndAPinnedClientGetsIt(CancellationToken cancellationToken)
    {
        using var controller = await StartTlsAsync(cancellationToken);
        using var channel = GrpcChannelFactory.Create(controller.Address, new ChannelSettings { PinnedFingerprint = CertificateFingerprint.Parse(controller.CaFingerprint!) });
        var client = await PinnedClientAsync(controller, channel, cancellationToken);
        await client.CreateEnvironmentAsync("prod");

        var issued = await client.IssueJoinTokenAsync("prod", rotate: false);

        Assert.That(issued.CaFingerprint, Is.EqualTo(controller.CaFingerprint));
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task IssueJoinToken_CleartextLoopback_HasNoFingerprint(CancellationToken cancellationToken)
    {
        using var controller = await ControllerProcess.StartAsync(_data.Path, cancellationToken);
        using var channel = GrpcChannelFactory.Create(controller.Address);
        var client = await PinnedClientAsync(controller, channel, cancellationToken);
        await client.CreateEnvironmentAsync("prod");

        var issued = await client.IssueJoinTokenAsync("prod", rotate: false);

        Assert.Multiple(() =>
        {
            Assert.That(controller.Address.Scheme, Is.EqualTo("http"));
            Assert.That(controller.StandardOutput, Does.Contain("(TLS off"));
            Assert.That(issued.JoinToken, Is.Not.Empty);
            Assert.That(issued.CaFingerprint, Is.Empty);
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_CleartextClientAgainstTheTlsPort_UnavailableWithoutHttp2Handshake(CancellationToken cancellationToken)
    {
        using var controller = await StartTlsAsync(cancellationToken);
        using var channel = GrpcChannelFactory.Create(new UriBuilder(controller.Address) { Scheme = "http" }.Uri);
        var client = await PinnedClientAsync(controller, channel, cancellationToken);

        var ex = Assert.ThrowsAsync<RpcException>(() => client.ListEnvironmentsAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain("did not complete the HTTP/2 handshake"));
            Assert.That(controller.HasExited, Is.False);
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Call_PinnedToAnotherCa_RefusedBeforeAnyRequest(CancellationToken cancellationToken)
    {
        using var controller = await StartTlsAsync(cancellationToken);
        var wrong = CertificateFingerprint.Parse("sha256:" + new string('a', 64));
        using var channel = GrpcChannelFactory.Create(controller.Address, new ChannelSettings { PinnedFingerprint = wrong });
        var client = await PinnedClientAsync(controller, channel, cancellationToken);

        var ex = Assert.ThrowsAsync<RpcException>(() => client.ListEnvironmentsAsync());

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(ex.Status.Detail, Does.Contain($"does not match the pinned fingerprint {wrong}").And.Contain("refusing to connect"));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Start_CorruptCaCertificate_RefusesToStartNamingTheFile(CancellationToken cancellationToken)
    {
        using (var first = await StartTlsAsync(cancellationToken))
        {
            first.KillHard();
        }
        var path = TlsFile(ControllerCertificates.CaCertificateFile);
        await File.WriteAllTextAsync(path, "-----BEGIN CERTIFICATE-----\nnot base64 at all\n-----END CERTIFICATE-----\n", cancellationToken);

        using var second = await ControllerProcess.StartAsync(_data.Path, cancellationToken, waitForListening: false, arguments: ["--tls", "on"]);
        var code = await second.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ControllerHostingExtensions.TlsUnusableExitCode));
            Assert.That(second.StandardError, Does.Contain("cannot use the TLS files").And.Contain(path));
            Assert.That(second.StandardError, Does.Not.Contain("   at "));
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Start_CaKeyMissing_RefusesToStartNamingTheFile(CancellationToken cancellationToken)
    {
        using (var first = await StartTlsAsync(cancellationToken))
        {
            first.KillHard();
        }
        var path = TlsFile(ControllerCertificates.CaKeyFile);
        File.Delete(path);

        using var second = await ControllerProcess.StartAsync(_data.Path, cancellationToken, waitForListening: false, arguments: ["--tls", "on"]);
        var code = await second.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ControllerHostingExtensions.TlsUnusableExitCode));
            Assert.That(second.StandardError, Does.Contain(path).And.Contain("is missing"));
            Assert.That(File.Exists(path), Is.False, "the CA must not be replaced behind the agents' back");
        });
    }

    [Test]
    [CancelAfter(120_000)]
    public async Task Start_BadTlsFlags_ExitsWithUsageErrorListingEach(CancellationToken cancellationToken)
    {
        using var controller = await ControllerProcess.StartAsync(_data.Path, cancellationToken, waitForListening: false,
            arguments: ["--tls", "maybe", "--tls-san", "ok.example,not a name!"]);
        var code = await controller.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ControllerHostingExtensions.UsageExitCode));
            Assert.That(controller.StandardError, Does.Contain("--tls \"maybe\" must be auto, on or off"));
            Assert.That(controller.StandardError, Does.Contain("--tls-san 'not a name!' is neither an IP address nor a DNS name"));
            Assert.That(controller.StandardError, Does.Not.Contain("   at "));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Agent_MalformedFingerprint_ExitsWithUsageErrorAndNoStackTrace(CancellationToken cancellationToken)
    {
        if (!File.Exists(AgentProcess.BinaryPath))
        {
            Assert.Ignore($"needs the agent binary at {AgentProcess.BinaryPath}");
        }
        var settings = new AgentSettings(new Uri("https://127.0.0.1:1"), "cmj_x", _data.File("agent.db"), "tls-bad-pin", "tlsbadpin", "codemason.test=tls-bad-pin")
        {
            CaFingerprint = "sha256:not-a-fingerprint",
        };
        using var agent = AgentProcess.Start(settings);

        var code = await agent.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(agent.Log, Does.Contain("--ca-fingerprint 'sha256:not-a-fingerprint' is not a certificate fingerprint"));
            Assert.That(agent.Log, Does.Not.Contain("   at "));
        });
    }
}
