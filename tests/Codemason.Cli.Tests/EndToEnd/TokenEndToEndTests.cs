using System.Text.RegularExpressions;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The CI recipe of docs/security.md with the real <c>mason</c> binary against the real controller: an admin issues a
/// deployer token for one environment; with it (CODEMASON_TOKEN, as CI passes it) deploys work there, are refused
/// elsewhere, and stop once the token is revoked. And the host policy as an admin sets it.
/// </summary>
[CancelAfter(120000)]
[NonParallelizable]
public partial class TokenEndToEndTests
{
    private ControllerProcess _controller = null!;
    private TempDirectory _work = null!;
    private TempDirectory _home = null!;
    private MasonBinary _admin = null!;
    private string _staging = null!;
    private string _production = null!;

    [OneTimeSetUp]
    public async Task StartControllerAsync()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _controller = await ControllerProcess.StartAsync(cts.Token);
    }

    [OneTimeTearDown]
    public async Task StopControllerAsync() => await _controller.DisposeAsync();

    [SetUp]
    public async Task LogInAsync()
    {
        _work = new TempDirectory("mason-token-");
        _home = new TempDirectory("mason-token-home-");
        _admin = new MasonBinary(_work.Path, _home.Path);
        var suffix = Guid.NewGuid().ToString("N")[..8];
        (_staging, _production) = ("staging-" + suffix, "production-" + suffix);
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        Assert.That((await _admin.RunAsync(cts.Token, "login", "--controller", _controller.Address.ToString(), "--token", _controller.AdminToken)).ExitCode, Is.Zero);
        foreach (var environment in new[] { _staging, _production })
        {
            Assert.That((await _admin.RunAsync(cts.Token, "env", "create", environment)).ExitCode, Is.Zero);
        }
        Assert.That((await _admin.RunAsync(cts.Token, "init", "--yes", "--name", "pebble", "--image", "nginx:alpine", "--port", "80")).ExitCode, Is.Zero);
    }

    [TearDown]
    public void TearDown()
    {
        _work.Dispose();
        _home.Dispose();
    }

    [Test]
    public async Task DeployerToken_DeploysInItsEnvironmentOnly_UntilRevoked(CancellationToken ct)
    {
        var created = await RunAsync(_admin, ct, "token", "create", "ci-" + _staging, "--role", "deployer", "--env", _staging, "--expires", "90d");
        var secret = SecretPattern().Match(created.Stdout).Value;
        using var ciHome = new TempDirectory("mason-ci-home-");
        var ci = new MasonBinary(_work.Path, ciHome.Path)
        {
            Environment = { ["CODEMASON_CONTROLLER"] = _controller.Address.ToString(), ["CODEMASON_TOKEN"] = secret },
        };

        var whoami = await RunAsync(ci, ct, "whoami");
        var deployed = await RunAsync(ci, ct, "deploy", "--env", _staging);
        var elsewhere = await RunAsync(ci, ct, "deploy", "--env", _production);
        var listed = await RunAsync(_admin, ct, "token", "list");
        var history = await RunAsync(_admin, ct, "history", "pebble", "--env", _staging);
        var revoked = await RunAsync(_admin, ct, "token", "revoke", "ci-" + _staging);
        var afterRevoke = await RunAsync(ci, ct, "deploy", "--env", _staging);

        Assert.Multiple(() =>
        {
            Assert.That(created.ExitCode, Is.Zero);
            Assert.That(secret, Does.StartWith("cma_"));
            Assert.That(whoami.Stdout, Does.Contain($"The token works: deployer in {_staging}, expires "));
            Assert.That(deployed.ExitCode, Is.Zero, deployed.ToString());
            Assert.That(elsewhere.ExitCode, Is.EqualTo(4));
            Assert.That(elsewhere.Stderr, Does.Contain($"token \"ci-{_staging}\" (deployer in {_staging}) may not call Apply in environment \"{_production}\""));
            Assert.That(listed.Stdout, Does.Contain($"ci-{_staging}").And.Contain("deployer"));
            Assert.That(history.Stdout, Does.Contain($"ci-{_staging}"), "the revision names the token that made it");
            Assert.That(revoked.ExitCode, Is.Zero);
            Assert.That(afterRevoke.ExitCode, Is.EqualTo(4));
            Assert.That(afterRevoke.Stderr, Does.Contain("refused the token"));
        });
    }

    [Test]
    public async Task EnvPolicy_AdminAllowsABindPath_TheDeployThatNeedsItPasses(CancellationToken ct)
    {
        await File.WriteAllTextAsync(Path.Combine(_work.Path, "mason.json"), """
            { "name": "pebble", "masonVersion": "v1",
              "services": [ { "name": "web", "image": "nginx:alpine", "volumes": ["/srv/data/pebble:/data"] } ] }
            """, ct);

        var refused = await RunAsync(_admin, ct, "deploy", "--env", _staging);
        var policy = await RunAsync(_admin, ct, "env", "policy", _staging, "--allow-bind", "/srv/data");
        var deployed = await RunAsync(_admin, ct, "deploy", "--env", _staging);

        Assert.Multiple(() =>
        {
            Assert.That(refused.ExitCode, Is.EqualTo(1));
            Assert.That(refused.Stderr + refused.Stdout, Does.Contain("mason.json:2:").And.Contain($"mason env policy {_staging} --allow-bind /srv/data/pebble"));
            Assert.That(policy.Stdout, Does.Contain("bind mounts: the app's directory (/srv/codemason/apps/APP), /srv/data"));
            Assert.That(deployed.ExitCode, Is.Zero, deployed.ToString());
        });
    }

    private static async Task<MasonResult> RunAsync(MasonBinary mason, CancellationToken ct, params string[] args)
    {
        var result = await mason.RunAsync(args, ct);
        TestContext.Out.WriteLine($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    [GeneratedRegex("cma_[0-9a-f]{16}_[A-Za-z0-9_-]+")]
    private static partial Regex SecretPattern();
}
