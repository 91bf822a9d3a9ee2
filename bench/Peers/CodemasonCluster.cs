using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Codemason.Bench.Harness;
using Codemason.Docker;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Bench.Peers;

/// <summary>
/// The real product on this machine, as a user runs it: <c>codemason-controller</c> on loopback, one
/// <c>codemason-agent</c> joined with a join token, and the <c>mason</c> CLI (its own HOME) that logs in,
/// creates the environment and deploys mason.json files. Everything the agent makes carries the run's
/// test label, so the harness can sweep leftovers.
/// </summary>
internal sealed class CodemasonCluster : IAsyncDisposable
{
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    private readonly DirectoryInfo _work;
    private readonly Dictionary<string, string> _masonEnvironment;
    private readonly string _mason;
    private readonly string _adminToken;
    private readonly GrpcChannel _channel;

    private CodemasonCluster(DirectoryInfo work, ChildProcess controller, string environment, string adminToken, Uri address)
    {
        _work = work;
        Controller = controller;
        Environment = environment;
        _adminToken = adminToken;
        _mason = RepoPaths.Program("cli", "mason");
        var home = Path.Combine(work.FullName, "home");
        Directory.CreateDirectory(home);
        _masonEnvironment = new Dictionary<string, string>
        {
            ["HOME"] = home,
            ["XDG_CONFIG_HOME"] = Path.Combine(home, ".config"),
            ["NO_COLOR"] = "1",
            ["DOTNET_NOLOGO"] = "1",
            ["CODEMASON_ENV"] = environment,
        };
        Address = address;
        _channel = GrpcChannelFactory.Create(address, new ChannelSettings());
    }

    public ChildProcess Controller { get; }

    public ChildProcess Agent { get; private set; } = null!;

    /// <summary>The environment every app of the benchmark is deployed to; unique per run.</summary>
    public string Environment { get; }

    public Uri Address { get; }

    /// <summary>Label filter for every container of <paramref name="app"/>.</summary>
    public DockerFilters AppFilter(string app) =>
        new DockerFilters().Label("codemason.environment", Environment).Label("codemason.app", app);

    /// <summary>Label filter for one service of <paramref name="app"/>.</summary>
    public DockerFilters ServiceFilter(string app, string service) => AppFilter(app).Label("codemason.service", service);

    /// <summary>Starts controller and agent, logs <c>mason</c> in and waits until the node is Ready.</summary>
    public static async Task<CodemasonCluster> StartAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory("codemason-bench-peers-");
        var port = FreePort();
        var address = new Uri($"http://127.0.0.1:{port}");
        var data = Path.Combine(work.FullName, "controller");
        Directory.CreateDirectory(data);
        var controller = ChildProcess.Start(RepoPaths.Program("controller", "codemason-controller"),
            ["--data", data, "--listen", address.GetLeftPart(UriPartial.Authority)],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        CodemasonCluster? cluster = null;
        try
        {
            var tokenPath = Path.Combine(data, "admin-token");
            var watch = Stopwatch.StartNew();
            while (!File.Exists(tokenPath) || !await AcceptsAsync(port, cancellationToken) || (await File.ReadAllTextAsync(tokenPath, cancellationToken)).Trim().Length == 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("the controller did not start within 60 s: " + string.Join(" | ", controller.Lines.TakeLast(10)));
                }
                await Task.Delay(50, cancellationToken);
            }
            var adminToken = (await File.ReadAllTextAsync(tokenPath, cancellationToken)).Trim();
            var environment = "peers-" + context.RunId[^8..];
            cluster = new CodemasonCluster(work, controller, environment, adminToken, address);
            await cluster.MasonCheckedAsync(work.FullName, cancellationToken,
                "login", "--controller", address.GetLeftPart(UriPartial.Authority), "--token", adminToken, "--env", environment);
            var created = await cluster.MasonCheckedAsync(work.FullName, cancellationToken, "env", "create", environment, "-o", "json");
            using var json = JsonDocument.Parse(created.Output[created.Output.IndexOf('{', StringComparison.Ordinal)..]);
            var joinToken = json.RootElement.GetProperty("joinToken").GetString()!;
            cluster.Agent = ChildProcess.Start(RepoPaths.Program("agent", "codemason-agent"),
                [
                    "--controller", address.GetLeftPart(UriPartial.Authority), "--token", joinToken,
                    "--state", Path.Combine(work.FullName, "agent.db"), "--node-name", "bench-" + environment,
                    "--resource-prefix", "cmp" + context.RunId[^8..],
                    "--extra-labels", $"{BenchContext.TestLabel}={context.RunId}",
                    // busybox sleep ignores SIGTERM: every tool in this comparison stops with a zero grace period.
                    "--stop-timeout", "00:00:00",
                ],
                new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
            watch.Restart();
            while (!(await cluster.MasonAsync(work.FullName, cancellationToken, "nodes", "-o", "json")).Output.Contains("NODE_STATUS_READY", StringComparison.Ordinal))
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("the agent's node was not Ready within 60 s: " + string.Join(" | ", cluster.Agent.Lines.TakeLast(10)));
                }
                await Task.Delay(250, cancellationToken);
            }
            return cluster;
        }
        catch
        {
            if (cluster is not null)
            {
                await cluster.DisposeAsync();
            }
            else
            {
                await controller.DisposeAsync();
                work.Delete(recursive: true);
            }
            throw;
        }
    }

    /// <summary>Writes <paramref name="masonJson"/> into the app's own directory and returns that directory.</summary>
    public async Task<string> WriteAppAsync(string app, string masonJson, CancellationToken cancellationToken)
    {
        var directory = Path.Combine(_work.FullName, "apps", app);
        Directory.CreateDirectory(directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "mason.json"), masonJson, cancellationToken);
        return directory;
    }

    /// <summary><c>mason deploy</c> in <paramref name="directory"/>: returns once the controller accepted the revision.</summary>
    public Task<CommandResult> DeployAsync(string directory, CancellationToken cancellationToken) =>
        MasonCheckedAsync(directory, cancellationToken, "deploy");

    /// <summary><c>mason destroy APP --yes</c>.</summary>
    public Task<CommandResult> DestroyAsync(string app, CancellationToken cancellationToken) =>
        MasonCheckedAsync(_work.FullName, cancellationToken, "destroy", app, "--yes");

    /// <summary>The public API's Apply, called in-process (no CLI start-up): the controller's own share of a deploy.</summary>
    public async Task<ApplyResponse> ApplyRpcAsync(string masonJson, CancellationToken cancellationToken)
    {
        var headers = new Metadata { { "authorization", "Bearer " + _adminToken } };
        return await new AppService.AppServiceClient(_channel).ApplyAsync(
            new ApplyRequest { Environment = Environment, MasonJson = masonJson },
            new CallOptions(headers, DateTime.UtcNow.AddSeconds(60), cancellationToken));
    }

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        if (Agent is not null)
        {
            await Agent.DisposeAsync();
        }
        await Controller.DisposeAsync();
        try
        {
            _work.Delete(recursive: true);
        }
        catch (IOException)
        {
            // A file still held by a dying child: the temp folder is left behind, nothing else.
        }
    }

    private async Task<CommandResult> MasonAsync(string directory, CancellationToken cancellationToken, params string[] args) =>
        await PeerCommand.RunAsync(_mason, args, CommandLimit, cancellationToken, _masonEnvironment, directory);

    private async Task<CommandResult> MasonCheckedAsync(string directory, CancellationToken cancellationToken, params string[] args) =>
        await PeerCommand.CheckedAsync(_mason, args, CommandLimit, cancellationToken, _masonEnvironment, directory);

    private static async Task<bool> AcceptsAsync(int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
