using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Codemason.Controller.Auth;
using Codemason.Controller.Registry;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Controller.Tls;
using Codemason.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Registry;

/// <summary>
/// The real registry (local/registry:2.8, made by packaging/registry-image.sh) on the engine, configured by
/// <see cref="RegistryConfiguration"/> with TLS from the controller's CA and token auth by the controller in process,
/// whose port (cleartext HTTP/1.1 here) the engine fetches tokens from. The engine treats a 127.0.0.1 registry as insecure
/// (TLS without verification), so TLS and the tokens are also checked with an HttpClient that trusts only the CA.
/// </summary>
[Category("Integration")]
[NonParallelizable]
[CancelAfter(180_000)]
public sealed class RegistryEndToEndTests
{
    private const string Image = "local/registry:2.8";
    private const string Repository = "staging/shop/web";

    private readonly TestEngine _engine = new();
    private readonly TempDirectory _files = new();
    private readonly List<string> _tags = [];
    private ControllerTestHost _controller = null!;
    private X509Certificate2 _ca = null!;
    private string _registry = "";
    private Uri _realm = null!;
    private string _deployer = "";
    private string _viewer = "";
    private string _production = "";
    private NodeRegistrationResult _node = null!;
    private CommandResult _deployerPush = null!;

    [OneTimeSetUp]
    public async Task StartAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var cancellationToken = timeout.Token;
        if ((await DockerAsync(null, cancellationToken, "image", "inspect", Image)).ExitCode != 0)
        {
            Assert.Fail($"{Image} is missing: run packaging/registry-image.sh (make engine does)");
        }
        _controller = await ControllerTestHost.StartAsync();
        _realm = new Uri(_controller.Address, RegistryOptions.TokenPath);
        _ca = _controller.Services.GetRequiredService<ControllerTls>().Certificates.Ca;
        var store = _controller.Store;
        var staging = await store.CreateEnvironmentAsync("staging", cancellationToken);
        await store.CreateEnvironmentAsync("production", cancellationToken);
        _deployer = (await store.CreateApiTokenAsync(new ApiTokenDraft("ci", ApiRole.Deployer, ["staging"], null, "test"), cancellationToken)).Secret;
        _viewer = (await store.CreateApiTokenAsync(new ApiTokenDraft("eyes", ApiRole.Viewer, ["staging"], null, "test"), cancellationToken)).Secret;
        _production = (await store.CreateApiTokenAsync(new ApiTokenDraft("prod-ci", ApiRole.Deployer, ["production"], null, "test"), cancellationToken)).Secret;
        _node = (await store.RegisterNodeAsync(staging.JoinToken,
            new NodeDetails("n1", new Dictionary<string, string>(), new Proto.V1.Resources(), "20.10", "1.0", "127.0.0.1:2"), cancellationToken))!;

        var port = ControllerProcess.FreePort();
        _registry = $"127.0.0.1:{port}";
        var configDirectory = Path.Combine(_files.Path, "registry");
        Directory.CreateDirectory(configDirectory);
        var tls = RegistryTlsFiles.Issue(_ca, ["127.0.0.1", "localhost"], DateTimeOffset.UtcNow);
        var configuration = new RegistryConfiguration { Realm = _realm };
        await File.WriteAllTextAsync(Path.Combine(configDirectory, RegistryConfiguration.ConfigFileName), configuration.Render(), cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, RegistryConfiguration.CertificateFileName), tls.CertificatePem, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, RegistryConfiguration.KeyFileName), tls.KeyPem, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(configDirectory, RegistryConfiguration.CaFileName), tls.CaPem, cancellationToken);
        // A named, labelled volume for the image's VOLUME, so scripts/run-tests.sh removes it even after a killed run.
        var volume = $"codemason-registry-{_engine.RunId}";
        var created = await DockerAsync(null, cancellationToken, "volume", "create", "--label", _engine.LabelPair, volume);
        Assert.That(created.ExitCode, Is.Zero, created.Output);
        var run = await DockerAsync(null, cancellationToken, "run", "-d", "--name", $"codemason-registry-{_engine.RunId}",
            "--label", _engine.LabelPair, "-p", $"{_registry}:5000",
            "-v", $"{configDirectory}:{RegistryConfiguration.ConfigDirectory}:ro",
            "-v", $"{volume}:{RegistryConfiguration.DefaultStorageDirectory}", Image);
        Assert.That(run.ExitCode, Is.Zero, run.Output);
        var last = "";
        try
        {
            await Eventually.TrueAsync(async () =>
                {
                    using var response = await V2Async(null, cancellationToken);
                    last = $"{(int)response.StatusCode} {response.ReasonPhrase}";
                    return response.StatusCode == HttpStatusCode.Unauthorized;
                },
                TimeSpan.FromSeconds(30), "the registry answers /v2/ over TLS", cancellationToken);
        }
        catch (TimeoutException)
        {
            var logs = await DockerAsync(null, cancellationToken, "logs", $"codemason-registry-{_engine.RunId}");
            Assert.Fail($"the registry does not answer /v2/ over TLS (last: {last}); its log:\n{logs.Output}");
        }

        var web = await TagAsync("local/busybox:1", "t1", cancellationToken);
        var config = await LoginAsync("ci", _deployer, cancellationToken);
        _deployerPush = await DockerAsync(config, cancellationToken, "push", web);
    }

    [OneTimeTearDown]
    public async Task StopAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(1));
        foreach (var tag in _tags)
        {
            await DockerAsync(null, timeout.Token, "rmi", tag);
        }
        await _engine.DisposeAsync();
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }
        _files.Dispose();
    }

    [Test]
    public async Task Push_DeployerToken_TheImageIsInTheRegistry(CancellationToken cancellationToken)
    {
        var tags = await TagsAsync(TokenFor("ci", _deployer, cancellationToken), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(_deployerPush.ExitCode, Is.Zero, _deployerPush.Output);
            Assert.That(tags, Does.Contain("t1"));
        });
    }

    [Test]
    public async Task Push_ViewerToken_Denied(CancellationToken cancellationToken)
    {
        var image = await ImportAsync("viewer", cancellationToken);
        var config = await LoginAsync("eyes", _viewer, cancellationToken);

        var push = await DockerAsync(config, cancellationToken, "push", image);
        await TestContext.Out.WriteLineAsync(push.Output);

        Assert.Multiple(() =>
        {
            Assert.That(push.ExitCode, Is.Not.Zero, push.Output);
            Assert.That(push.Output, Does.Contain("denied").Or.Contain("unauthorized").IgnoreCase);
        });
    }

    [Test]
    public async Task Pull_TokenOfAnotherEnvironment_Refused(CancellationToken cancellationToken)
    {
        Assert.That(_deployerPush.ExitCode, Is.Zero, _deployerPush.Output);
        var config = await LoginAsync("prod-ci", _production, cancellationToken);

        var pull = await DockerAsync(config, cancellationToken, "pull", $"{_registry}/{Repository}:t1");
        await TestContext.Out.WriteLineAsync(pull.Output);

        Assert.Multiple(() =>
        {
            Assert.That(pull.ExitCode, Is.Not.Zero, pull.Output);
            Assert.That(pull.Output, Does.Contain("denied").Or.Contain("unauthorized").IgnoreCase);
        });
    }

    [Test]
    public async Task Pull_NodeCredential_Succeeds(CancellationToken cancellationToken)
    {
        Assert.That(_deployerPush.ExitCode, Is.Zero, _deployerPush.Output);
        await DockerAsync(null, cancellationToken, "rmi", $"{_registry}/{Repository}:t1");
        _tags.Remove($"{_registry}/{Repository}:t1");
        var config = await LoginAsync(_node.NodeId.Value, _node.Credential, cancellationToken);

        var pull = await DockerAsync(config, cancellationToken, "pull", $"{_registry}/{Repository}:t1");
        _tags.Add($"{_registry}/{Repository}:t1");

        Assert.That(pull.ExitCode, Is.Zero, pull.Output);
    }

    [Test]
    public async Task V2_WithoutToken_401WithTheControllersRealm(CancellationToken cancellationToken)
    {
        using var response = await V2Async(null, cancellationToken);

        Assert.That(response.Headers.WwwAuthenticate.ToString(),
            Does.Contain($"realm=\"{_realm.AbsoluteUri}\"").And.Contain("service=\"codemason-registry\""));
    }

    [Test]
    public async Task Prune_KeepOne_DeletesTheOlderManifestAndKeepsTheNewer(CancellationToken cancellationToken)
    {
        var config = await LoginAsync("ci", _deployer, cancellationToken);
        var older = await ImportAsync("prune-old", cancellationToken, repository: "staging/shop/worker");
        var newer = await ImportAsync("prune-new", cancellationToken, repository: "staging/shop/worker");
        foreach (var image in new[] { older, newer })
        {
            var push = await DockerAsync(config, cancellationToken, "push", image);
            Assert.That(push.ExitCode, Is.Zero, push.Output);
        }
        using var http = TrustingOnlyTheCa();
        var client = new RegistryClient(http, new Uri($"https://{_registry}"), _controller.Services.GetRequiredService<IRegistryTokenIssuer>());
        var pushedAt = new Dictionary<string, DateTimeOffset>
        {
            ["prune-old"] = DateTimeOffset.UtcNow.AddHours(-2),
            ["prune-new"] = DateTimeOffset.UtcNow.AddHours(-1),
        };

        var plan = await client.PruneAsync("staging/shop/worker", pushedAt, new HashSet<string>(), keep: 1, cancellationToken);

        var left = await client.ListTagsAsync("staging/shop/worker", cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(plan.Tags, Is.EqualTo(new[] { "prune-old" }));
            Assert.That(plan.Digests, Has.Count.EqualTo(1));
            Assert.That(left, Is.EqualTo(new[] { "prune-new" }));
        });
    }

    [Test]
    public async Task Pruner_KeepOne_DeletesOldTagsButKeepsTheNewestAndWhatTheNewestRevisionRuns(CancellationToken cancellationToken)
    {
        const string repository = "staging/pruned/web";
        var config = await LoginAsync("ci", _deployer, cancellationToken);
        var app = new AppKey("staging", "pruned");
        foreach (var tag in new[] { "aaa", "bbb", "ccc" })
        {
            var image = await ImportAsync(tag, cancellationToken, repository);
            var push = await DockerAsync(config, cancellationToken, "push", image);
            Assert.That(push.ExitCode, Is.Zero, push.Output);
            var build = await _controller.Store.CreateBuildAsync(app, tag, "main", "ci", cancellationToken);
            await _controller.Store.UpdateBuildAsync(build.Id, Controller.Builds.BuildState.Succeeded,
                new Controller.Builds.BuildUpdate(Images: new Dictionary<string, string> { ["web"] = image }), cancellationToken);
            await Task.Delay(5, cancellationToken);
        }
        // Revision 2, the newest, runs the oldest tag (a rollback): it stays with the newest tag; bbb goes.
        foreach (var tag in new[] { "ccc", "aaa" })
        {
            await _controller.Client.ApplyAsync(new Proto.V1.ApplyRequest
            {
                Environment = "staging",
                MasonJson = $$"""{ "name": "pruned", "masonVersion": "v1", "services": [ { "name": "web", "image": "{{_registry}}/{{repository}}:{{tag}}" } ] }""",
            });
        }
        var pruner = new RegistryPruner(_controller.Store, _controller.Store, _controller.Services.GetRequiredService<RegistryConnections>(),
            Options.Create(new RegistryOptions { KeepTags = 1 }), NullLogger<RegistryPruner>.Instance);

        var deleted = await pruner.PruneAsync(app, _registry, cancellationToken);

        using var http = TrustingOnlyTheCa();
        var left = await new RegistryClient(http, new Uri($"https://{_registry}"), _controller.Services.GetRequiredService<IRegistryTokenIssuer>())
            .ListTagsAsync(repository, cancellationToken);
        Assert.That(deleted, Is.EqualTo(1));
        Assert.That(left, Is.EquivalentTo(new[] { "aaa", "ccc" }));
    }

    /// <summary>Tags <paramref name="source"/> as <c>&lt;registry&gt;/staging/shop/web:&lt;tag&gt;</c>; removed at the end.</summary>
    private async Task<string> TagAsync(string source, string tag, CancellationToken cancellationToken)
    {
        var target = $"{_registry}/{Repository}:{tag}";
        var result = await DockerAsync(null, cancellationToken, "tag", source, target);
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        _tags.Add(target);
        return target;
    }

    /// <summary>A one-file image of its own (a manifest no other tag shares), imported as <c>&lt;registry&gt;/&lt;repository&gt;:&lt;tag&gt;</c>.</summary>
    private async Task<string> ImportAsync(string tag, CancellationToken cancellationToken, string repository = Repository)
    {
        var root = Path.Combine(_files.Path, $"rootfs-{tag}");
        Directory.CreateDirectory(root);
        await File.WriteAllTextAsync(Path.Combine(root, "marker"), $"{_engine.RunId} {tag}\n", cancellationToken);
        var tarball = Path.Combine(_files.Path, $"{tag}.tar");
        await System.Formats.Tar.TarFile.CreateFromDirectoryAsync(root, tarball, includeBaseDirectory: false, cancellationToken);
        var target = $"{_registry}/{repository}:{tag}";
        var result = await DockerAsync(null, cancellationToken, "import", tarball, target);
        Assert.That(result.ExitCode, Is.Zero, result.Output);
        _tags.Add(target);
        return target;
    }

    /// <summary><c>docker login</c> into a config directory of its own (never root's ~/.docker); returns the directory.</summary>
    private async Task<string> LoginAsync(string user, string password, CancellationToken cancellationToken)
    {
        var config = Path.Combine(_files.Path, $"docker-{Guid.NewGuid():N}");
        Directory.CreateDirectory(config);
        var login = await DockerWithInputAsync(config, password, cancellationToken, "login", _registry, "-u", user, "--password-stdin");
        Assert.That(login.ExitCode, Is.Zero, login.Output);
        return config;
    }

    private static Task<CommandResult> DockerAsync(string? config, CancellationToken cancellationToken, params string[] arguments) =>
        DockerWithInputAsync(config, null, cancellationToken, arguments);

    private static async Task<CommandResult> DockerWithInputAsync(string? config, string? input, CancellationToken cancellationToken, params string[] arguments)
    {
        var start = new ProcessStartInfo("docker")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        if (config is not null)
        {
            start.Environment["DOCKER_CONFIG"] = config;
        }
        using var process = Process.Start(start)!;
        if (input is not null)
        {
            await process.StandardInput.WriteAsync(input);
        }
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var error = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        return new CommandResult(process.ExitCode, $"{await output}{await error}");
    }

    private static HttpClient TrustingOnlyTheCa(X509Certificate2 ca) => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
            {
                if (certificate is null || (errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
                {
                    return false;
                }
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                chain.ChainPolicy.CustomTrustStore.Add(ca);
                using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                return chain.Build(leaf);
            },
        },
    });

    private HttpClient TrustingOnlyTheCa() => TrustingOnlyTheCa(_ca);

    /// <summary>A token from the controller's realm, as an engine gets one.</summary>
    private string TokenFor(string user, string password, CancellationToken cancellationToken)
    {
        using var http = TrustingOnlyTheCa();
        using var request = new HttpRequestMessage(HttpMethod.Get,
            new Uri(_realm, $"{RegistryOptions.TokenPath}?service=codemason-registry&scope={Uri.EscapeDataString($"repository:{Repository}:pull")}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes($"{user}:{password}")));
        using var response = http.Send(request, cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        using var body = JsonDocument.Parse(response.Content.ReadAsStream(cancellationToken));
        return body.RootElement.GetProperty("token").GetString()!;
    }

    private async Task<HttpResponseMessage> V2Async(string? token, CancellationToken cancellationToken)
    {
        using var http = TrustingOnlyTheCa();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{_registry}/v2/");
        if (token is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }
        try
        {
            return await http.SendAsync(request, cancellationToken);
        }
        catch (HttpRequestException e)
        {
            return new HttpResponseMessage(HttpStatusCode.ServiceUnavailable) { ReasonPhrase = e.Message };
        }
    }

    private async Task<IReadOnlyList<string>> TagsAsync(string token, CancellationToken cancellationToken)
    {
        using var http = TrustingOnlyTheCa();
        using var request = new HttpRequestMessage(HttpMethod.Get, $"https://{_registry}/v2/{Repository}/tags/list");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        using var response = await http.SendAsync(request, cancellationToken);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), await response.Content.ReadAsStringAsync(cancellationToken));
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
        return [.. body.RootElement.GetProperty("tags").EnumerateArray().Select(t => t.GetString()!)];
    }

    private sealed record CommandResult(int ExitCode, string Output);
}
