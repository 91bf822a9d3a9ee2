using Codemason.Cli.Tests.EndToEnd;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.Terminal;

/// <summary>The real binary in a real terminal (tmux): interactive question prompts with masked secrets, and the live rollout view.</summary>
[CancelAfter(120000)]
[NonParallelizable]
public class TerminalTests
{
    private const string QuestionsFile = """
        {
          "name": "blog",
          "type": "service",
          "masonVersion": "v1",
          "image": "nginx:alpine",
          "questions": [
            { "key": "SITE_TITLE", "value": "", "description": "shown in the header" },
            { "key": "POSTGRES_PASSWORD", "value": "", "description": "superuser password" },
          ],
        }
        """;

    private TempDirectory _work = null!;
    private TempDirectory _home = null!;

    [SetUp]
    public void SetUp()
    {
        if (!TmuxSession.IsAvailable)
        {
            Assert.Ignore("tmux is not installed (scripts/ensure-test-tools.sh installs it)");
        }
        _work = new TempDirectory("mason-tty-");
        _home = new TempDirectory("mason-tty-home-");
    }

    [TearDown]
    public void TearDown()
    {
        _work?.Dispose();
        _home?.Dispose();
    }

    private string Command(string arguments, string controller, string token) =>
        $"env -i PATH=\"$PATH\" HOME='{_home.Path}' TERM=xterm-256color DOTNET_NOLOGO=1 " +
        $"CODEMASON_CONTROLLER='{controller}' CODEMASON_TOKEN='{token}' {MasonBinary.ShellCommand} {arguments}";

    [Test]
    public async Task Deploy_Interactive_AsksEachQuestionAndMasksTheSecret(CancellationToken ct)
    {
        _work.Write("mason.json", QuestionsFile);
        await using var tmux = new TmuxSession();
        await tmux.StartAsync(Command("deploy", "http://127.0.0.1:1", "t"), _work.Path, ct);

        await tmux.WaitForAsync("SITE_TITLE (shown in the header):", ct);
        await tmux.SendKeysAsync("My Blog", ct);
        await tmux.SendEnterAsync(ct);
        await tmux.WaitForAsync("POSTGRES_PASSWORD (superuser password):", ct);
        await tmux.SendKeysAsync("hunter2", ct);
        var typing = await tmux.WaitForAsync("*******", ct);
        await tmux.SendEnterAsync(ct);
        var screen = await tmux.WaitForAsync("[exit ", ct);

        Assert.Multiple(() =>
        {
            Assert.That(typing, Does.Contain("POSTGRES_PASSWORD (superuser password): *******"));
            Assert.That(screen, Does.Contain("SITE_TITLE (shown in the header): My Blog"));
            Assert.That(screen, Does.Not.Contain("hunter2"), "the secret is never echoed");
            // Answers given, the deploy reached the (unreachable) controller: exit 3.
            Assert.That(screen, Does.Contain("cannot reach the controller"));
            Assert.That(screen, Does.Contain("[exit 3]"));
        });
    }

    [Test]
    public async Task Destroy_Interactive_AsksForConfirmation(CancellationToken ct)
    {
        await using var tmux = new TmuxSession();
        await tmux.StartAsync(Command("destroy blog", "http://127.0.0.1:1", "t"), _work.Path, ct);

        await tmux.WaitForAsync("Destroy blog in production?", ct);
        await tmux.SendKeysAsync("n", ct);
        await tmux.SendEnterAsync(ct);
        var screen = await tmux.WaitForAsync("[exit ", ct);

        Assert.That(screen, Does.Contain("blog was not destroyed").And.Contain("[exit 1]"));
    }

    [Test]
    public async Task Deploy_WaitOnTerminal_ShowsTheLiveTableThenTimesOut(CancellationToken ct)
    {
        await using var controller = await ControllerProcess.StartAsync(ct);
        var env = "tty-" + Guid.NewGuid().ToString("N")[..6];
        var mason = new MasonBinary(_work.Path, _home.Path);
        mason.Environment["CODEMASON_CONTROLLER"] = controller.Address.ToString();
        mason.Environment["CODEMASON_TOKEN"] = controller.AdminToken;
        Assert.That((await mason.RunAsync(ct, "env", "create", env)).ExitCode, Is.Zero);
        Assert.That((await mason.RunAsync(ct, "init", "--yes", "--name", "live")).ExitCode, Is.Zero);
        await using var tmux = new TmuxSession();

        await tmux.StartAsync(Command($"deploy --env {env} --wait --timeout 4s", controller.Address.ToString(), controller.AdminToken), _work.Path, ct);
        var screen = await tmux.WaitForAsync("[exit ", ct);

        Assert.Multiple(() =>
        {
            Assert.That(screen, Does.Contain($"live revision 1 in {env}"));
            Assert.That(screen, Does.Match(@"SERVICE\s+READY\s+REPLICAS\s+DETAIL"));
            Assert.That(screen, Does.Match(@"web\s+0/1\s+1 pending\s+web#1: "));
            Assert.That(screen, Does.Contain("was not running within 4s"));
            Assert.That(screen, Does.Contain("[exit 5]"));
        });
    }

    [Test]
    public async Task Deploy_LinkTheCatalogCanCreate_OffersTheItemAsksItsSecret_ThenCreatesIt(CancellationToken ct)
    {
        await using var controller = await ControllerProcess.StartAsync(ct);
        var env = "tty-" + Guid.NewGuid().ToString("N")[..6];
        var mason = new MasonBinary(_work.Path, _home.Path);
        mason.Environment["CODEMASON_CONTROLLER"] = controller.Address.ToString();
        mason.Environment["CODEMASON_TOKEN"] = controller.AdminToken;
        Assert.That((await mason.RunAsync(ct, "env", "create", env)).ExitCode, Is.Zero);
        _work.Write("mason.json", """
            { "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1", "links": ["redis"] } ] }
            """);
        await using var tmux = new TmuxSession();

        await tmux.StartAsync(Command($"deploy --env {env}", controller.Address.ToString(), controller.AdminToken), _work.Path, ct);
        var offer = await tmux.WaitForAsync("as app \"redis\"?", ct);
        await tmux.SendEnterAsync(ct);
        await tmux.WaitForAsync("redis.REDIS_PASSWORD", ct);
        await tmux.SendKeysAsync("hunter2", ct);
        await tmux.WaitForAsync("*******", ct);
        await tmux.SendEnterAsync(ct);
        var screen = await tmux.WaitForAsync("[exit ", ct);
        var status = await mason.RunAsync(ct, "status", "--env", env);

        Assert.Multiple(() =>
        {
            Assert.That(offer, Does.Contain("services[0].links[0] names a service this environment lacks. Create it from the catalog item redis (redis:7)"));
            Assert.That(screen, Does.Contain("Applied shop revision 1"));
            Assert.That(screen, Does.Not.Contain("hunter2"), "the secret is never echoed");
            Assert.That(screen, Does.Contain("[exit 0]"));
            Assert.That(status.Stdout, Does.Contain("redis").And.Contain("shop"), status.ToString());
        });
    }
}
