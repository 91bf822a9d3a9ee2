using System.Text.Json;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// The real <c>mason</c> binary against the real controller on loopback, without an agent: replicas stay
/// pending, which is exactly what lets these tests check the scheduler's explanation and the timeout path.
/// Each test uses its own environment, home directory and working directory.
/// </summary>
[CancelAfter(120000)]
[NonParallelizable]
public class ControllerEndToEndTests
{
    private ControllerProcess _controller = null!;
    private TempDirectory _work = null!;
    private TempDirectory _home = null!;
    private MasonBinary _mason = null!;
    private string _env = null!;

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
        _work = new TempDirectory("mason-e2e-");
        _home = new TempDirectory("mason-e2e-home-");
        _mason = new MasonBinary(_work.Path, _home.Path);
        _env = "e2e-" + Guid.NewGuid().ToString("N")[..8];
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var login = await _mason.RunAsync(cts.Token, "login", "--controller", _controller.Address.ToString(), "--token", _controller.AdminToken, "--env", _env);
        Assert.That(login.ExitCode, Is.Zero, login + "\n" + _controller.Log);
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
        TestContext.Out.WriteLine($"$ mason {string.Join(' ', args)}\n{result}");
        return result;
    }

    private async Task CreateEnvironmentAndAppFileAsync(CancellationToken ct)
    {
        Assert.That((await MasonAsync(ct, "env", "create", _env)).ExitCode, Is.Zero);
        Assert.That((await MasonAsync(ct, "init", "--yes", "--name", "pebble", "--image", "nginx:alpine", "--port", "80")).ExitCode, Is.Zero);
    }

    [Test]
    public async Task Lifecycle_WithoutAgent_DeployStatusHistoryScaleRollbackDestroy(CancellationToken ct)
    {
        await CreateEnvironmentAndAppFileAsync(ct);

        var deploy = await MasonAsync(ct, "deploy");
        var explanation = await ExplanationAsync(ct);
        var wait = await MasonAsync(ct, "deploy", "--wait", "--timeout", "5s");
        var status = await MasonAsync(ct, "status", "pebble");
        var scale = await MasonAsync(ct, "scale", "pebble/web=2");
        var scaled = await MasonAsync(ct, "status", "pebble", "-o", "json");
        var rollback = await MasonAsync(ct, "rollback", "pebble", "--to", "1");
        var history = await MasonAsync(ct, "history", "pebble");
        var destroy = await MasonAsync(ct, "destroy", "pebble", "--yes");
        var after = await MasonAsync(ct, "status");

        using var scaledJson = JsonDocument.Parse(scaled.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(explanation, Does.Contain(_env), "the scheduler explains why web#1 cannot be placed");
            Assert.That(deploy.ExitCode, Is.Zero);
            Assert.That(deploy.Stdout, Does.StartWith($"Applied pebble revision 1 to {_env} (changed: web).\n"));
            Assert.That(deploy.Stdout, Does.Contain("  web#1        pending    " + explanation));

            Assert.That(wait.ExitCode, Is.EqualTo(5), "deploy --wait --timeout 5s exits 5");
            Assert.That(wait.Stderr, Does.StartWith("mason: error: pebble revision 1 was not running within 5s (web 0/1)\n"));
            Assert.That(wait.Stderr, Does.Contain("web: 0/1 running\n  web#1        pending    " + explanation));

            Assert.That(status.ExitCode, Is.Zero);
            Assert.That(status.Stdout, Does.Match(@"    web#1\s+-\s+-\s+pending\s+\d+s\s+-\s+" + System.Text.RegularExpressions.Regex.Escape(explanation) + "\n"));

            Assert.That(scale.ExitCode, Is.Zero);
            Assert.That(scale.Stdout, Is.EqualTo("Scaled pebble/web to 2 (revision 2).\n"));
            Assert.That(scaledJson.RootElement.GetProperty("replicas").GetArrayLength(), Is.EqualTo(2));
            Assert.That(scaledJson.RootElement.GetProperty("apps")[0].GetProperty("services")[0].GetProperty("scale").GetInt32(), Is.EqualTo(2));

            Assert.That(rollback.ExitCode, Is.Zero);
            Assert.That(rollback.Stdout, Is.EqualTo($"Rolled back pebble in {_env} to revision 1: now revision 3.\n"));
            Assert.That(history.Stdout, Does.Match(@"\*  3 .* rollback to 1\n   2 .* scale web=2\n   1 .* apply\n"));

            Assert.That(destroy.ExitCode, Is.Zero);
            Assert.That(destroy.Stdout, Does.StartWith($"Destroyed pebble in {_env}"));
            Assert.That(after.Stdout, Is.EqualTo($"No apps in {_env}. Deploy one with: mason deploy --env {_env}\n"));
        });
    }

    /// <summary>The scheduler's explanation for pebble's web#1 as the API reports it (without a leading "web#1: ").</summary>
    private async Task<string> ExplanationAsync(CancellationToken ct)
    {
        var status = await MasonAsync(ct, "status", "pebble", "-o", "json");
        using var json = JsonDocument.Parse(status.Stdout);
        var explanation = json.RootElement.GetProperty("replicas")[0].GetProperty("explanation").GetString()!;
        return explanation.StartsWith("web#1: ", StringComparison.Ordinal) ? explanation["web#1: ".Length..] : explanation;
    }

    [Test]
    public async Task Whoami_LoggedIn_ShowsControllerAndChecksTheToken(CancellationToken ct)
    {
        var result = await MasonAsync(ct, "whoami", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(json.RootElement.GetProperty("controller").GetString(), Is.EqualTo(_controller.Address.GetLeftPart(UriPartial.Authority)));
            Assert.That(json.RootElement.GetProperty("environment").GetString(), Is.EqualTo(_env));
            Assert.That(json.RootElement.GetProperty("token").GetString(), Does.Not.Contain(_controller.AdminToken));
        });
    }

    [Test]
    public async Task Status_BadToken_Exits4(CancellationToken ct)
    {
        _mason.Environment["CODEMASON_TOKEN"] = "cma_not_a_real_token";

        var result = await MasonAsync(ct, "status");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(4));
            Assert.That(result.Stderr, Does.StartWith("mason: error: the controller refused the token"));
            Assert.That(result.Stderr.TrimEnd('\n').Split('\n'), Has.Length.EqualTo(2));
        });
    }

    [Test]
    public async Task Login_BadToken_Exits4AndStoresNothing(CancellationToken ct)
    {
        var config = _work.Combine("other.json");

        var result = await MasonAsync(ct, "--config", config, "login", "--controller", _controller.Address.ToString(), "--token", "wrong");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(4));
            Assert.That(File.Exists(config), Is.False);
        });
    }

    [Test]
    public async Task Deploy_UnknownEnvironment_Exits1WithTheControllersMessage(CancellationToken ct)
    {
        await MasonAsync(ct, "init", "--yes", "--name", "pebble");

        var result = await MasonAsync(ct, "deploy", "--env", "no-such-env");

        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.EqualTo(1));
            Assert.That(result.Stderr, Does.StartWith("mason: error: ").And.Contain("no-such-env"));
        });
    }

    [Test]
    public async Task Deploy_JsonOutput_IsTheApplyResponse(CancellationToken ct)
    {
        await CreateEnvironmentAndAppFileAsync(ct);

        var result = await MasonAsync(ct, "deploy", "-o", "json");

        using var json = JsonDocument.Parse(result.Stdout);
        Assert.Multiple(() =>
        {
            Assert.That(result.ExitCode, Is.Zero);
            Assert.That(json.RootElement.GetProperty("app").GetProperty("name").GetString(), Is.EqualTo("pebble"));
            Assert.That(json.RootElement.GetProperty("changed").GetBoolean(), Is.True);
        });
    }

    [Test]
    public async Task Env_ListTokenAndInstallCommand_PrintTokensAndTheDockerRunLine(CancellationToken ct)
    {
        var create = await MasonAsync(ct, "env", "create", _env);
        var list = await MasonAsync(ct, "env", "list");
        var rotate = await MasonAsync(ct, "env", "token", "--rotate");
        var install = await MasonAsync(ct, "agent", "install-command", "--image", "registry.local/agent:1");
        var nodes = await MasonAsync(ct, "nodes", "--env", _env);

        Assert.Multiple(() =>
        {
            Assert.That(create.ExitCode, Is.Zero);
            Assert.That(create.Stdout, Does.Match(@"Join token \(shown once\): \S+\n"));
            Assert.That(list.Stdout, Does.Match($@"\*\s+{_env}\s+0\s+0\s+"));
            Assert.That(rotate.ExitCode, Is.Zero);
            Assert.That(rotate.Stdout.Trim(), Does.Not.Contain(" ").And.Not.Empty);
            Assert.That(rotate.Stderr, Does.Contain("no longer work"));
            Assert.That(install.ExitCode, Is.Zero);
            Assert.That(install.Stdout, Does.Match(
                @"^CODEMASON_TOKEN=cmj_\S+ docker run -d --name codemason-agent --restart=always --network host --cap-add NET_ADMIN -e CODEMASON_TOKEN " +
                "-v /var/run/docker.sock:/var/run/docker.sock -v codemason-agent:/var/lib/codemason -v /etc/docker/certs.d:/etc/docker/certs.d registry.local/agent:1 --controller " +
                System.Text.RegularExpressions.Regex.Escape(_controller.Address.GetLeftPart(UriPartial.Authority)) + "\n$"));
            Assert.That(install.Stderr, Does.Contain("single use"));
            Assert.That(nodes.Stdout, Does.StartWith("No nodes yet."));
        });
    }

    [Test]
    public async Task Deploy_DuplicateEnvironmentCreate_Exits1(CancellationToken ct)
    {
        await MasonAsync(ct, "env", "create", _env);

        var again = await MasonAsync(ct, "env", "create", _env);

        Assert.Multiple(() =>
        {
            Assert.That(again.ExitCode, Is.EqualTo(1));
            Assert.That(again.Stderr, Does.StartWith("mason: error: "));
        });
    }
}
