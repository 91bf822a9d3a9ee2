using Codemason.Docker.Containers;
using Grpc.Core;
using Grpc.Net.Client;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tls;
using Codemason.Proto.V1;

namespace Codemason.Testing.Processes;

/// <summary>
/// A real controller and real agent processes on this machine's engine. The controller listens on a fixed
/// address, so it comes back on the same one after kill -9; with a <see cref="ClusterOptions.Network"/> the
/// processes run inside its namespaces. Every agent has its own node name, resource prefix and state file;
/// everything they make carries <c>codemason.test=&lt;run id&gt;</c>; dispose stops the processes (by pid)
/// before removing it. When the network names an engine per agent (<see cref="IClusterNetwork.DockerHostOf"/>,
/// a multi-node harness), each agent talks to its own engine, and the containers of the run are read from all of them.
/// </summary>
public sealed class ProcessCluster : IAsyncDisposable
{
    private readonly ClusterOptions _options;
    private readonly TempDirectory _data = new();
    private readonly TempDirectory _agentState = new();
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _exitedLogs = [];
    private readonly Dictionary<string, TestEngine> _nodeEngines = [];
    private bool _defaultEngineUsed;
    private readonly string[] _controllerArguments;
    private GrpcChannel? _channel;

    private ProcessCluster(ClusterOptions options)
    {
        _options = options;
        Environment = Engine.RunId;
        HeartbeatPeriod = options.HeartbeatPeriod ?? TimeSpan.FromSeconds(5);
        RestartGrace = options.RestartGrace ?? TimeSpan.FromSeconds(30);
        var scheme = options.Tls ? "https" : "http";
        Address = options.Network?.ControllerAddress ?? new Uri($"{scheme}://127.0.0.1:{ControllerProcess.FreePort()}");
        var arguments = new List<string>();
        // Explicit both ways: a cluster in network namespaces listens on a non-loopback address, where the
        // controller's default would be TLS.
        arguments.AddRange(["--tls", options.Tls ? "on" : "off"]);
        if (options.HeartbeatPeriod is { } period)
        {
            arguments.Add($"--Dispatcher:HeartbeatPeriod={period:c}");
        }
        if (options.RestartGrace is { } grace)
        {
            arguments.Add($"--Dispatcher:RestartGrace={grace:c}");
        }
        _controllerArguments = [.. arguments, .. options.ControllerArguments];
    }

    public TestEngine Engine { get; } = new();

    /// <summary>Environment the agents join (named after the run id).</summary>
    public string Environment { get; }

    /// <summary>The heartbeat period the controller asks for (its default when none was given).</summary>
    public TimeSpan HeartbeatPeriod { get; }

    /// <summary>The grace after a controller restart (its default when none was given).</summary>
    public TimeSpan RestartGrace { get; }

    public Uri Address { get; }

    public ControllerProcess Controller { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    /// <summary>The controller's bootstrap admin token (the API's, and git's password for the controller's remotes).</summary>
    public string AdminToken { get; private set; } = "";

    public string JoinToken { get; private set; } = "";

    public IReadOnlyList<AgentProcess> Agents => _agents;

    /// <summary>
    /// The engines the agents run containers on: this machine's (<see cref="Engine"/>) when an agent uses it or
    /// none started yet, and one per engine the network named.
    /// </summary>
    public IReadOnlyList<TestEngine> Engines => _defaultEngineUsed || _nodeEngines.Count == 0 ? [Engine, .. _nodeEngines.Values] : [.. _nodeEngines.Values];

    /// <summary>Why this machine cannot run a cluster (no agent binary, no engine or test image), or null.</summary>
    public static async Task<string?> MissingPrerequisiteAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(AgentProcess.BinaryPath))
        {
            return $"needs the agent binary at {AgentProcess.BinaryPath} (dotnet build agent -c Release, or scripts/publish-native.sh agent)";
        }
        await using var engine = new TestEngine();
        try
        {
            await engine.Client.Images.InspectAsync(TestEngine.Image, cancellationToken);
            return null;
        }
        catch (Docker.Errors.DockerException ex)
        {
            return $"needs the Docker engine and the image {TestEngine.Image}: {ex.Message}";
        }
    }

    /// <summary>
    /// Starts the controller, creates the environment and starts <paramref name="agents"/> agents named a, b, ...;
    /// waits until their nodes are Ready and their first assignment sets acknowledged (which also means each
    /// agent saved its node credential).
    /// </summary>
    public static async Task<ProcessCluster> StartAsync(int agents, ClusterOptions options, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cluster = new ProcessCluster(options);
        try
        {
            await cluster.StartControllerAsync(cancellationToken);
            cluster.JoinToken = (await cluster.Client.CreateEnvironmentAsync(cluster.Environment)).JoinToken;
            for (var i = 0; i < agents; i++)
            {
                var name = ((char)('a' + i)).ToString();
                cluster.StartAgent(name, options.StatePath?.Invoke(name));
            }
            await Eventually.TrueAsync(async () => (await cluster.NodesAsync()).Count(n => n.Status == NodeStatus.Ready && n.AppliedRevision > 0) == agents,
                TimeSpan.FromSeconds(60), $"{agents} nodes Ready, their first assignment sets acknowledged", cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Starts agent <c>&lt;run id&gt;-&lt;name&gt;</c> with the cluster's join token (or <paramref name="joinToken"/>),
    /// or restarts it with the same state file (and node credential).
    /// </summary>
    /// <remarks>A TLS cluster's agents pin the CA the controller printed, or <paramref name="caFingerprint"/> when given.</remarks>
    public AgentProcess StartAgent(string name, string? statePath = null, string? joinToken = null, string? caFingerprint = null)
    {
        var existing = _agents.FindIndex(a => a.Settings.NodeName == $"{Engine.RunId}-{name}");
        var settings = new AgentSettings(
            Address,
            joinToken ?? JoinToken,
            existing >= 0 ? _agents[existing].Settings.StatePath : statePath ?? Path.Combine(_agentState.Path, name + ".db"),
            $"{Engine.RunId}-{name}",
            $"{Engine.RunId}{name}",
            Engine.LabelPair)
        {
            CaFingerprint = caFingerprint ?? (_options.Tls ? Controller.CaFingerprint : null),
            NodeLabels = _options.NodeLabels?.Invoke(name),
            DockerHost = _options.Network?.DockerHostOf(name),
            // An agent in a namespace of its own whose engine is this machine's (a partition test) cannot reach the
            // engine's bridges to join them to an overlay.
            Overlay = _options.Network is null || _options.Network.DockerHostOf(name) is not null,
        };
        if (settings.DockerHost is null)
        {
            _defaultEngineUsed = true;
        }
        else if (!_nodeEngines.ContainsKey(settings.DockerHost))
        {
            _nodeEngines[settings.DockerHost] = new TestEngine(Engine.RunId, settings.DockerHost);
        }
        var agent = AgentProcess.Start(settings, _options.Network?.AgentNamespaceOf(name));
        if (existing >= 0)
        {
            _exitedLogs.Add($"--- agent {settings.NodeName} (pid {_agents[existing].Id}, replaced)\n{_agents[existing].Log}");
            _agents[existing].Dispose();
            _agents[existing] = agent;
        }
        else
        {
            _agents.Add(agent);
        }
        return agent;
    }

    /// <summary>kill -9 of the controller: no shutdown code runs, agents lose their streams.</summary>
    public void KillController()
    {
        Controller.KillHard();
        _exitedLogs.Add($"--- controller (pid {Controller.Id}, killed)\n{Controller.Output}");
    }

    /// <summary>Starts the controller on the same data directory and address.</summary>
    public async Task StartControllerAsync(CancellationToken cancellationToken)
    {
        Controller?.Dispose();
        _channel?.Dispose();
        Controller = await ControllerProcess.StartAsync(_data.Path, cancellationToken, listen: Address.ToString(), arguments: _controllerArguments,
            networkNamespace: _options.Network?.ControllerNamespace, quietLogCategory: _options.QuietLogCategory);
        var token = (await File.ReadAllTextAsync(_data.File("admin-token"), cancellationToken)).Trim();
        _channel = GrpcChannelFactory.Create(Address, new ChannelSettings
        {
            HttpHandler = _options.Network?.CreateHandler(),
            PinnedFingerprint = _options.Tls ? CertificateFingerprint.Parse(Controller.CaFingerprint!) : null,
        });
        Client = new ApiClient(_channel, token);
        AdminToken = token;
    }

    public async Task<IReadOnlyList<Node>> NodesAsync() => (await Client.ListNodesAsync(Environment)).Nodes;

    /// <summary>The controller's node id of an agent (its node name is the node's hostname).</summary>
    public async Task<string> NodeIdAsync(AgentProcess agent) =>
        (await NodesAsync()).Single(n => n.Hostname == agent.Settings.NodeName).Id;

    public async Task<IReadOnlyList<Replica>> ReplicasAsync() => (await Client.ListReplicasAsync(Environment, _options.App)).Replicas;

    /// <summary>Containers of this run on its engines, whichever agent made them; all states unless <paramref name="runningOnly"/>.</summary>
    public async Task<IReadOnlyList<ManagedContainer>> ContainersAsync(CancellationToken cancellationToken, bool runningOnly = true)
    {
        var all = new List<ManagedContainer>();
        foreach (var engine in Engines)
        {
            all.AddRange(await ContainersAsync(engine, cancellationToken, runningOnly));
        }
        return all;
    }

    /// <summary>Containers of this run on one of its <see cref="Engines"/>; all states unless <paramref name="runningOnly"/>.</summary>
    public static async Task<IReadOnlyList<ManagedContainer>> ContainersAsync(TestEngine engine, CancellationToken cancellationToken, bool runningOnly = true)
    {
        ArgumentNullException.ThrowIfNull(engine);
        var containers = await engine.Client.Containers.ListAsync(new ContainerListOptions { All = !runningOnly, Filters = engine.Filter() }, cancellationToken);
        return [.. containers.Where(c => (!runningOnly || c.State == "running") && c.Labels is not null).Select(ManagedContainer.From)];
    }

    /// <summary>
    /// True when exactly <paramref name="expected"/> replicas run, each in one container (and, unless
    /// <see cref="ClusterOptions.StoppedContainersAllowed"/>, no other container of this run exists in any
    /// state), and the controller lists every one RUNNING on the node whose agent runs it, with that container's id.
    /// </summary>
    public async Task<bool> ConvergedAsync(int expected, CancellationToken cancellationToken)
    {
        var running = await ContainersAsync(cancellationToken);
        if (running.Count != expected || running.Select(c => c.ReplicaId).Distinct().Count() != expected)
        {
            return false;
        }
        if (!_options.StoppedContainersAllowed && (await ContainersAsync(cancellationToken, runningOnly: false)).Count != expected)
        {
            return false;
        }
        var nodes = (await NodesAsync()).ToDictionary(n => n.Id, n => n.Hostname);
        var replicas = await ReplicasAsync();
        var byReplica = running.ToDictionary(c => c.ReplicaId);
        return replicas.Count == expected && replicas.All(r =>
            r.State == ReplicaState.Running
            && byReplica.TryGetValue(r.Id, out var container)
            && container.Id == r.ContainerId
            && nodes.GetValueOrDefault(r.NodeId) == container.Node);
    }

    /// <summary>
    /// <paramref name="app"/> as two services (web, worker) of sleeping replicas without host ports:
    /// <paramref name="scale"/> each (<paramref name="workerScale"/> for worker when given).
    /// </summary>
    public static string MasonJson(string app, int scale = 3, string webMode = "one", int? workerScale = null) => $$"""
        {
            "name": "{{app}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": {{scale}},
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                    "environment": { "MODE": "{{webMode}}" },
                },
                {
                    "name": "worker",
                    "image": "{{TestEngine.Image}}",
                    "scale": {{workerScale ?? scale}},
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                },
            ],
        }
        """;

    /// <summary>Applies <paramref name="masonJson"/> in <paramref name="environment"/> (default: the cluster's <see cref="Environment"/>).</summary>
    public Task<ApplyResponse> ApplyAsync(string masonJson, string? environment = null) =>
        Client.ApplyAsync(new ApplyRequest { Environment = environment ?? Environment, MasonJson = masonJson });

    /// <summary>What the controller and the engine say, and every process's output, for a failed test.</summary>
    public async Task<string> DescribeAsync()
    {
        var parts = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            parts.AddRange((await NodesAsync()).Select(n => $"node {n.Id} {n.Hostname} {n.Status} applied={n.AppliedRevision} replicas={n.ReplicaCount}"));
            parts.AddRange((await ReplicasAsync()).Select(r => $"replica {r.Id} rev={r.AppRevision} node={r.NodeId} {r.State} container={r.ContainerId} {r.Message} {r.Explanation}"));
        }
        catch (Exception ex) when (ex is RpcException or OperationCanceledException or HttpRequestException or IOException)
        {
            parts.Add($"(cannot ask the controller: {ex.Message})");
        }
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            parts.AddRange((await ContainersAsync(timeout.Token, runningOnly: false)).Select(c => $"container {c.Id[..12]} {c.Node} {c.ReplicaId}"));
        }
        catch (Exception ex) when (ex is Docker.Errors.DockerException or OperationCanceledException)
        {
            parts.Add($"(cannot list containers: {ex.Message})");
        }
        parts.AddRange(_exitedLogs);
        parts.Add($"--- controller (pid {Controller?.Id})\n{Controller?.Output}");
        parts.AddRange(_agents.Select(a => $"--- agent {a.Settings.NodeName} (pid {a.Id})\n{a.Log}"));
        return string.Join('\n', parts);
    }

    public async ValueTask DisposeAsync()
    {
        // Agents first: a running agent would recreate what the engine cleanup removes.
        foreach (var agent in _agents)
        {
            agent.Dispose();
        }
        Controller?.Dispose();
        _channel?.Dispose();
        foreach (var engine in _nodeEngines.Values)
        {
            await engine.DisposeAsync();
        }
        await Engine.DisposeAsync();
        if (_options.Network is Cluster.EngineCluster harness)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await harness.RemoveOverlayDevicesAsync(timeout.Token);
        }
        _agentState.Dispose();
        _data.Dispose();
    }
}
