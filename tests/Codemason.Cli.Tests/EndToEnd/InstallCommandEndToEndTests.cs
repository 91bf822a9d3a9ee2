using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Codemason.Cli.Tests.Infrastructure;

namespace Codemason.Cli.Tests.EndToEnd;

/// <summary>
/// Issue 8's promise, end to end: build the images (no registry), start the controller, install the
/// agent with exactly the <c>docker run</c> line <c>mason agent install-command</c> prints, deploy
/// the example app, get an HTTP answer from its web service through its database link, clean up.
/// </summary>
[Category("Integration")]
[CancelAfter(900_000)]
[NonParallelizable]
public class InstallCommandEndToEndTests
{
    private const string AgentContainer = "codemason-agent";
    private const string AgentVolume = "codemason-agent";

    private ControllerProcess? _controller;
    private TempDirectory _work = null!;
    private TempDirectory _home = null!;
    private MasonBinary _mason = null!;
    private string _env = null!;

    [OneTimeSetUp]
    public async Task BuildImagesAndStartControllerAsync()
    {
        if (!AgentProcess.EngineReady())
        {
            Assert.Ignore("needs the Docker engine and local/busybox:1 (make engine)");
        }
        if ((await ShellAsync($"docker ps -aq --filter name=^{AgentContainer}$", TimeSpan.FromSeconds(30))).Output.Trim().Length > 0)
        {
            Assert.Inconclusive($"a container named {AgentContainer} already runs on this machine; the printed line cannot be run as is");
        }
        var build = await ShellAsync(Path.Combine(RepoPaths.Root, "packaging", "build-images.sh"), TimeSpan.FromMinutes(12));
        Assert.That(build.ExitCode, Is.Zero, "make image failed:\n" + build.Output);

        using var cts = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        _controller = await ControllerProcess.StartAsync(cts.Token);
        _work = new TempDirectory("mason-install-e2e-");
        _home = new TempDirectory("mason-install-e2e-home-");
        _mason = new MasonBinary(_work.Path, _home.Path);
        _env = "install-" + Guid.NewGuid().ToString("N")[..8];
        Assert.That((await _mason.RunAsync(cts.Token, "login", "--controller", _controller.Address.ToString(), "--token", _controller.AdminToken, "--env", _env)).ExitCode, Is.Zero);
        Assert.That((await _mason.RunAsync(cts.Token, "env", "create", _env)).ExitCode, Is.Zero);
    }

    [OneTimeTearDown]
    public async Task CleanUpAsync()
    {
        if (_mason is not null && _env is not null)
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            await _mason.RunAsync(cts.Token, "destroy", "shop", "--env", _env, "--yes");
        }
        await ShellAsync($"docker rm -f {AgentContainer}; docker volume rm {AgentVolume}", TimeSpan.FromSeconds(60));
        var labels = $"--filter label=codemason.managed=true --filter label=codemason.environment={_env}";
        await ShellAsync($"ids=$(docker ps -aq {labels}); [ -z \"$ids\" ] || docker rm -f $ids; " +
            $"ids=$(docker network ls -q {labels}); [ -z \"$ids\" ] || docker network rm $ids; " +
            $"ids=$(docker volume ls -q {labels}); [ -z \"$ids\" ] || docker volume rm $ids", TimeSpan.FromSeconds(60));
        if (_controller is not null)
        {
            await _controller.DisposeAsync();
        }
        _work?.Dispose();
        _home?.Dispose();
    }

    [Test]
    public async Task PrintedDockerRunLine_InstallsAgent_ExampleAnswersOverHttp(CancellationToken ct)
    {
        var install = await _mason.RunAsync(ct, "agent", "install-command", "--env", _env);
        Assert.That(install.ExitCode, Is.Zero, install.ToString());
        var line = install.Stdout.Trim();
        Assert.That(line, Does.Match($"^CODEMASON_TOKEN=cmj_\\S+ docker run -d --name {AgentContainer} ").And.Not.Contain("\n"));

        var run = await ShellAsync(line, TimeSpan.FromMinutes(2));
        Assert.That(run.ExitCode, Is.Zero, "the printed line failed:\n" + run.Output);

        var port = FreePort();
        var example = await File.ReadAllTextAsync(Path.Combine(RepoPaths.Root, "examples", "shop", "mason.json"), ct);
        // The example's web is served by the edge only; here it also publishes a free host port, to be asked directly.
        const string EdgeOnly = "\"ports\": [\"80\"]";
        Assert.That(example, Does.Contain(EdgeOnly));
        await File.WriteAllTextAsync(Path.Combine(_work.Path, "mason.json"), example.Replace(EdgeOnly, $"\"ports\": [\"127.0.0.1:{port}:80\"]", StringComparison.Ordinal), ct);

        var deploy = await _mason.RunAsync(ct, "deploy", "--env", _env, "--wait", "--timeout", "3m");
        Assert.That(deploy.ExitCode, Is.Zero, deploy + "\nagent log:\n" + (await ShellAsync($"docker logs --tail 30 {AgentContainer}", TimeSpan.FromSeconds(30))).Output);

        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var page = await http.GetStringAsync(new Uri($"http://127.0.0.1:{port}/cgi-bin/db"), ct);
        Assert.That(page, Does.Contain("db: hello from db-1, shop is up"));
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<(int ExitCode, string Output)> ShellAsync(string command, TimeSpan timeout)
    {
        var info = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true, WorkingDirectory = RepoPaths.Root };
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add(command);
        using var process = Process.Start(info)!;
        using var cts = new CancellationTokenSource(timeout);
        var stdout = process.StandardOutput.ReadToEndAsync(cts.Token);
        var stderr = process.StandardError.ReadToEndAsync(cts.Token);
        try
        {
            await process.WaitForExitAsync(cts.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"timed out after {timeout}: {command}");
        }
        return (process.ExitCode, await stdout + await stderr);
    }
}
