using System.Diagnostics;
using System.Globalization;
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
/// The real product on this machine, as a user runs it: <c>codemason-controller</c> (on loopback unless
/// <see cref="CodemasonClusterOptions.ListenAddress"/> says otherwise), <c>codemason-agent</c>s joined with a join
/// token (one on this machine's engine by default, or one per <see cref="AgentPlacement"/>: in a network namespace,
/// on an engine of its own), and the <c>mason</c> CLI (its own HOME) that logs in, creates the environment and deploys
/// mason.json files. Everything the agents make carries the run's test label, so the harness can sweep leftovers.
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

    /// <summary>The first agent (the only one by default).</summary>
    public ChildProcess Agent => Agents[0];

    /// <summary>The agents, in the order of <see cref="CodemasonClusterOptions.Agents"/>.</summary>
    public List<ChildProcess> Agents { get; } = [];

    /// <summary>The environment every app of the benchmark is deployed to; unique per run.</summary>
    public string Environment { get; }

    public Uri Address { get; }

    /// <summary>
    /// The environment <c>mason</c> runs with (its own HOME holds the login): git needs the same to find mason as its
    /// credential helper after <c>mason create</c>.
    /// </summary>
    public IReadOnlyDictionary<string, string> MasonEnvironment => _masonEnvironment;

    /// <summary>Label filter for every container of <paramref name="app"/>.</summary>
    public DockerFilters AppFilter(string app) =>
        new DockerFilters().Label("codemason.environment", Environment).Label("codemason.app", app);

    /// <summary>Label filter for one service of <paramref name="app"/>.</summary>
    public DockerFilters ServiceFilter(string app, string service) => AppFilter(app).Label("codemason.service", service);

    /// <summary>Starts controller and agent, logs <c>mason</c> in and waits until the node is Ready.</summary>
    public static Task<CodemasonCluster> StartAsync(BenchContext context, CancellationToken cancellationToken) =>
        StartAsync(context, new CodemasonClusterOptions(), cancellationToken);

    /// <summary>
    /// Starts the controller and the agents <paramref name="options"/> places, logs <c>mason</c> in and waits until
    /// every node is Ready and has acknowledged its first assignment set.
    /// </summary>
    public static async Task<CodemasonCluster> StartAsync(BenchContext context, CodemasonClusterOptions options, CancellationToken cancellationToken)
    {
        var work = Directory.CreateTempSubdirectory($"codemason-bench-{options.EnvironmentPrefix}-");
        var port = FreePorts.Next(options.ListenAddress);
        var address = new Uri($"http://{options.ListenAddress}:{port}");
        var data = Path.Combine(work.FullName, "controller");
        Directory.CreateDirectory(data);
        // TLS off said explicitly: on a non-loopback address the controller's default is TLS.
        var controller = ChildProcess.Start(RepoPaths.Program("controller", "codemason-controller"),
            ["--data", data, "--listen", address.GetLeftPart(UriPartial.Authority), "--tls", "off", .. options.ControllerArguments],
            new Dictionary<string, string>
            {
                ["Logging__LogLevel__Default"] = "Warning",
                // An environment that builds gets a registry on a node; a port of its own, so runs beside each other do not collide.
                ["Registry__Port"] = FreePorts.Next().ToString(CultureInfo.InvariantCulture),
            });
        CodemasonCluster? cluster = null;
        try
        {
            var tokenPath = Path.Combine(data, "admin-token");
            var watch = Stopwatch.StartNew();
            while (!File.Exists(tokenPath) || !await AcceptsAsync(options.ListenAddress, port, cancellationToken) || (await File.ReadAllTextAsync(tokenPath, cancellationToken)).Trim().Length == 0)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("the controller did not start within 60 s: " + string.Join(" | ", controller.Lines.TakeLast(10)));
                }
                await Task.Delay(50, cancellationToken);
            }
            var adminToken = (await File.ReadAllTextAsync(tokenPath, cancellationToken)).Trim();
            var environment = $"{options.EnvironmentPrefix}-{context.RunId[^8..]}";
            cluster = new CodemasonCluster(work, controller, environment, adminToken, address);
            await cluster.MasonCheckedAsync(work.FullName, cancellationToken,
                // Cleartext on purpose (--tls off, on the harness's private link): beyond loopback mason needs --insecure.
                "login", "--controller", address.GetLeftPart(UriPartial.Authority), "--insecure", "--token", adminToken, "--env", environment);
            var created = await cluster.MasonCheckedAsync(work.FullName, cancellationToken, "env", "create", environment, "-o", "json");
            using var json = JsonDocument.Parse(created.Output[created.Output.IndexOf('{', StringComparison.Ordinal)..]);
            var joinToken = json.RootElement.GetProperty("joinToken").GetString()!;
            for (var i = 0; i < options.Agents.Count; i++)
            {
                var nodeName = options.Agents.Count == 1 ? $"bench-{environment}" : $"bench-{environment}-{i + 1}";
                cluster.Agents.Add(StartAgent(context, options.Agents[i], address, joinToken, Path.Combine(work.FullName, $"agent{i + 1}.db"), nodeName));
            }
            watch.Restart();
            while ((await cluster.NodesAsync(cancellationToken)).Count(n => n.Status == NodeStatus.Ready && n.AppliedRevision > 0) < options.Agents.Count)
            {
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException($"the agents' {options.Agents.Count} nodes were not Ready within 60 s: "
                        + string.Join(" | ", cluster.Agents.SelectMany(a => a.Lines.TakeLast(5))));
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

    private static ChildProcess StartAgent(BenchContext context, AgentPlacement placement, Uri controller, string joinToken, string state, string nodeName)
    {
        List<string> arguments =
        [
            "--controller", controller.GetLeftPart(UriPartial.Authority), "--insecure", "true", "--token", joinToken,
            "--state", state, "--node-name", nodeName,
            "--resource-prefix", "cmp" + context.RunId[^8..],
            "--extra-labels", $"{BenchContext.TestLabel}={context.RunId}",
            // busybox sleep ignores SIGTERM: every tool in this comparison stops with a zero grace period.
            "--stop-timeout", "00:00:00",
            // The bench's registries are on loopback, which the engine trusts without a CA: leave the host's certs.d alone.
            "--registry-certs-dir", Path.Combine(Path.GetDirectoryName(Path.GetFullPath(state))!, $"certs.d-{nodeName}"),
        ];
        if (placement.DockerHost is { } dockerHost)
        {
            arguments.AddRange(["--docker-host", dockerHost]);
        }
        if (placement.Labels is { } labels)
        {
            arguments.AddRange(["--labels", labels]);
        }
        var agent = RepoPaths.Program("agent", "codemason-agent");
        var environment = new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" };
        // nsenter execs the agent (no --fork), so the child's pid is the agent's and stopping it stops the agent.
        return placement.Namespace is { } ns
            ? ChildProcess.Start("nsenter", [$"--net=/var/run/netns/{ns}", agent, .. arguments], environment)
            : ChildProcess.Start(agent, arguments, environment);
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
        return await new AppService.AppServiceClient(_channel).ApplyAsync(
            new ApplyRequest { Environment = Environment, MasonJson = masonJson }, Call(cancellationToken));
    }

    /// <summary>The environment's nodes, from the public API.</summary>
    public async Task<IReadOnlyList<Node>> NodesAsync(CancellationToken cancellationToken) =>
        (await new NodeService.NodeServiceClient(_channel).ListNodesAsync(
            new ListNodesRequest { Environment = Environment }, Call(cancellationToken))).Nodes;

    /// <summary>The replicas of <paramref name="app"/>, from the public API.</summary>
    public async Task<IReadOnlyList<Replica>> ReplicasAsync(string app, CancellationToken cancellationToken) =>
        (await new AppService.AppServiceClient(_channel).ListReplicasAsync(
            new ListReplicasRequest { Environment = Environment, App = app }, Call(cancellationToken))).Replicas;

    /// <summary>Cordons, drains or re-activates a node (<c>mason nodes cordon</c> and friends).</summary>
    public async Task SetAvailabilityAsync(string node, NodeAvailability availability, CancellationToken cancellationToken) =>
        await new NodeService.NodeServiceClient(_channel).SetNodeAvailabilityAsync(
            new SetNodeAvailabilityRequest { Node = node, Availability = availability }, Call(cancellationToken));

    private CallOptions Call(CancellationToken cancellationToken) =>
        new(new Metadata { { "authorization", "Bearer " + _adminToken } }, DateTime.UtcNow.AddSeconds(60), cancellationToken);

    public async ValueTask DisposeAsync()
    {
        _channel.Dispose();
        foreach (var agent in Agents)
        {
            await agent.DisposeAsync();
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

    /// <summary><c>mason ARGS</c> in <paramref name="directory"/>; a failure is an exception carrying its output.</summary>
    public async Task<CommandResult> MasonCheckedAsync(string directory, CancellationToken cancellationToken, params string[] args) =>
        await PeerCommand.CheckedAsync(_mason, args, CommandLimit, cancellationToken, _masonEnvironment, directory);

    private static async Task<bool> AcceptsAsync(IPAddress address, int port, CancellationToken cancellationToken)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(address, port, cancellationToken);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
