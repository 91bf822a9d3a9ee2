using Codemason.Testing.Git;
using System.Text.RegularExpressions;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mason</c> binary against the real controller forced to TLS on loopback (<c>--tls on</c>): login
/// pins the CA, the install command carries the pin, and a wrong, malformed or missing pin is refused clearly.
/// </summary>
[CancelAfter(120000)]
[NonParallelizable]
public partial class TlsEndToEndTests
{
    private ControllerProcess _controller = null!;
    private TempDirectory _work = null!;
    private TempDirectory _home = null!;
    private MasonBinary _mason = null!;
    private string _fingerprint = null!;
    private string _https = null!;

    [OneTimeSetUp]
    public async Task StartControllerAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _controller = await ControllerProcess.StartAsync(cts.Token, "--tls", "on");
        var match = FingerprintLine().Match(_controller.Log);
        Assert.That(match.Success, Is.True, "the controller printed no CA fingerprint:\n" + _controller.Log);
        _fingerprint = match.Groups[1].Value;
        _https = $"https://127.0.0.1:{_controller.Address.Port}";
    }

    [OneTimeTearDown]
    public async Task StopControllerAsync() => await _controller.DisposeAsync();

    [SetUp]
    public void SetUp()
    {
        _work = new TempDirectory("mason-tls-");
        _home = new TempDirectory("mason-tls-home-");
        _mason = new MasonBinary(_work.Path, _home.Path);
    }

    [TearDown]
    public void TearDown()
    {
        _work.Dispose();
        _home.Dispose();
    }

    private async Task<MasonResult> MasonAsync(CancellationToken ct, params string[] args)
    {
        var result = await _mason.RunAsync(args, ct);
        await TestContext.Out.WriteLineAsync($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    [Test]
    public async Task GitPush_TlsController_GitTrustsThePinnedCaAndUsesMasonsToken(CancellationToken ct)
    {
        var env = "tls-" + Guid.NewGuid().ToString("N")[..8];
        Assert.That((await MasonAsync(ct, "login", "--controller", _https, "--token", _controller.AdminToken, "--ca-fingerprint", _fingerprint, "--env", env)).ExitCode, Is.Zero);
        Assert.That((await MasonAsync(ct, "env", "create", env)).ExitCode, Is.Zero);
        await GitAsync(ct, "init", "-q", "-b", "main");
        await File.WriteAllTextAsync(Path.Combine(_work.Path, "mason.json"), """{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1", "scale": -1 } ] }""", ct);
        await GitAsync(ct, "add", "-A");
        await GitAsync(ct, "commit", "-q", "-m", "first");

        var create = await MasonAsync(ct, "create", "shop");
        var push = await GitAsync(ct, "push", "codemason", "main");

        // The push reaches the controller over TLS with mason's token: what refuses it is the mason.json.
        Assert.That(create.ExitCode, Is.Zero, create.ToString());
        Assert.That(push.Output, Does.Contain("remote: refused: mason.json of commit").And.Contain("scale"), push.Output);
        Assert.That(push.ExitCode, Is.Not.Zero);
    }

    private Task<(int ExitCode, string Output)> GitAsync(CancellationToken ct, params string[] args) =>
        new UserGit(_home.Path).RunAsync(_work.Path, ct, args);

    [Test]
    public async Task InstallCommand_TlsController_PrintsHttpsAndTheCaFingerprint(CancellationToken ct)
    {
        var env = "tls-" + Guid.NewGuid().ToString("N")[..8];
        var login = await MasonAsync(ct, "login", "--controller", _https, "--token", _controller.AdminToken, "--ca-fingerprint", _fingerprint, "--env", env);
        Assert.That(login.ExitCode, Is.Zero, login + "\n" + _controller.Log);
        Assert.That((await MasonAsync(ct, "env", "create", env)).ExitCode, Is.Zero);

        var install = await MasonAsync(ct, "agent", "install-command", "--env", env, "--controller-url", $"http://10.0.0.5:{_controller.Address.Port}");

        Assert.Multiple(() =>
        {
            Assert.That(install.ExitCode, Is.Zero, install.ToString());
            Assert.That(install.Stdout, Does.StartWith("CODEMASON_TOKEN=cmj_").And.EndWith($" --controller https://10.0.0.5:{_controller.Address.Port} --ca-fingerprint {_fingerprint}\n"));
        });
    }

    [Test]
    public async Task Login_WrongFingerprint_RefusedAsUnreachableWithAHint(CancellationToken ct)
    {
        var wrong = "sha256:" + new string('0', 64);

        var login = await MasonAsync(ct, "login", "--controller", _https, "--token", _controller.AdminToken, "--ca-fingerprint", wrong);

        Assert.Multiple(() =>
        {
            Assert.That(login.ExitCode, Is.EqualTo(3));
            Assert.That(login.Stderr, Does.Contain($"does not match the pinned fingerprint {wrong}").And.Contain("refusing to connect"));
            Assert.That(File.Exists(Path.Combine(_home.Path, ".config", "codemason", "config.json")), Is.False);
        });
    }

    [Test]
    public async Task Login_MalformedFingerprint_ExitsWithUsageError(CancellationToken ct)
    {
        var login = await MasonAsync(ct, "login", "--controller", _https, "--token", _controller.AdminToken, "--ca-fingerprint", "sha256:abc");

        Assert.Multiple(() =>
        {
            Assert.That(login.ExitCode, Is.EqualTo(2));
            Assert.That(login.Stderr, Does.Contain("--ca-fingerprint 'sha256:abc' is not a certificate fingerprint"));
            Assert.That(login.Stderr, Does.Not.Contain("   at "));
        });
    }

    [Test]
    public async Task Login_CleartextAddressOfTheTlsPort_SaysToUseHttps(CancellationToken ct)
    {
        var login = await MasonAsync(ct, "login", "--controller", $"http://127.0.0.1:{_controller.Address.Port}", "--token", _controller.AdminToken);

        Assert.Multiple(() =>
        {
            Assert.That(login.ExitCode, Is.EqualTo(3));
            Assert.That(login.Stderr, Does.Contain("https://"));
        });
    }

    [Test]
    public async Task Login_HttpsWithoutFingerprint_SystemTrustRefusesTheOwnCaWithAHint(CancellationToken ct)
    {
        var login = await MasonAsync(ct, "login", "--controller", _https, "--token", _controller.AdminToken);

        Assert.Multiple(() =>
        {
            Assert.That(login.ExitCode, Is.EqualTo(3));
            Assert.That(login.Stderr, Does.Contain("not trusted by the system").And.Contain("--ca-fingerprint"));
        });
    }

    [GeneratedRegex(@"codemason-controller CA fingerprint (sha256:[0-9a-f]{64})")]
    private static partial Regex FingerprintLine();
}
