using Codemason.Controller.Hosting;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Docker.Containers;
using Codemason.Grpc;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// A real controller (1 s heartbeats, 5 s restart grace) on a fixed loopback port, so it can come back
/// on the same address after kill -9, and real agent processes that share this machine's engine, each
/// with its own node name, resource prefix and state file. Everything they make on the engine carries
/// <c>codemason.test=&lt;run id&gt;</c>; dispose stops the processes (by pid) before removing it.
/// </summary>
public sealed class DispatchCluster : IAsyncDisposable
{
    /// <summary>The app the tests apply.</summary>
    public const string App = "dispatch";

    /// <summary>Heartbeat period the controller asks for.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    /// <summary>Grace after a controller restart before silent nodes are Down.</summary>
    public static readonly TimeSpan RestartGrace = TimeSpan.FromSeconds(5);

    private readonly TempDirectory _data = new();
    private readonly TempDirectory _agentState = new();
    private readonly int _port = ControllerProcess.FreePort();
    private readonly List<AgentProcess> _agents = [];
    private readonly List<string> _exitedLogs = [];
    private GrpcChannel? _channel;

    private DispatchCluster()
    {
        Environment = Engine.RunId;
    }

    public TestEngine Engine { get; } = new();

    /// <summary>Environment the agents join (named after the run id).</summary>
    public string Environment { get; }

    public ControllerProcess Controller { get; private set; } = null!;

    public ApiClient Client { get; private set; } = null!;

    public string JoinToken { get; private set; } = "";

    public Uri Address => new($"http://127.0.0.1:{_port}");

    /// <summary>Whether the agent binary and the engine with the test image are there.</summary>
    public static async Task<string?> MissingPrerequisiteAsync(CancellationToken cancellationToken)
    {
        if (!File.Exists(AgentProcess.BinaryPath))
        {
            return $"needs the agent binary at {AgentProcess.BinaryPath} (dotnet build agent -c Release)";
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

    /// <summary>Starts the controller, creates the environment and starts <paramref name="agents"/> agents, waiting until their nodes are Ready and caught up.</summary>
    public static async Task<DispatchCluster> StartAsync(int agents, CancellationToken cancellationToken)
    {
        var cluster = new DispatchCluster();
        try
        {
            await cluster.StartControllerAsync(cancellationToken);
            var created = await cluster.Client.CreateEnvironmentAsync(cluster.Environment);
            cluster.JoinToken = created.JoinToken;
            for (var i = 0; i < agents; i++)
            {
                cluster.StartAgent(((char)('a' + i)).ToString());
            }
            // Ready as soon as the controller sent the first set; an acknowledged set also means the agent saved its credential.
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

    public IReadOnlyList<AgentProcess> Agents => _agents;

    /// <summary>Starts an agent named <c>&lt;run id&gt;-&lt;name&gt;</c>, or restarts it with the same state file.</summary>
    public AgentProcess StartAgent(string name, string? joinToken = null)
    {
        var settings = new AgentSettings(
            Address,
            joinToken ?? JoinToken,
            Path.Combine(_agentState.Path, name + ".db"),
            $"{Engine.RunId}-{name}",
            $"{Engine.RunId}{name}",
            Engine.LabelPair);
        var existing = _agents.FindIndex(a => a.Settings.NodeName == settings.NodeName);
        var agent = AgentProcess.Start(settings);
        if (existing >= 0)
        {
            _exitedLogs.Add($"--- agent {settings.NodeName} (pid {_agents[existing].Id}, stopped)\n{_agents[existing].Log}");
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
        _exitedLogs.Add($"--- controller (pid {Controller.Id}, killed)\n{Controller.StandardOutput}{Controller.StandardError}");
    }

    /// <summary>Starts the controller on the same data directory and address.</summary>
    public async Task StartControllerAsync(CancellationToken cancellationToken)
    {
        Controller?.Dispose();
        _channel?.Dispose();
        Controller = await ControllerProcess.StartAsync(_data.Path, cancellationToken, listen: Address.ToString(),
            arguments: [$"--Dispatcher:HeartbeatPeriod={HeartbeatPeriod:c}", $"--Dispatcher:RestartGrace={RestartGrace:c}"]);
        var token = (await File.ReadAllTextAsync(_data.File(ControllerOptions.AdminTokenFileName), cancellationToken)).Trim();
        _channel = GrpcChannel.ForAddress(Address);
        Client = new ApiClient(_channel, token);
    }

    public async Task<IReadOnlyList<Node>> NodesAsync() => (await Client.ListNodesAsync(Environment)).Nodes;

    /// <summary>The controller's node id of an agent (its node name is the node's hostname).</summary>
    public async Task<string> NodeIdAsync(AgentProcess agent) =>
        (await NodesAsync()).Single(n => n.Hostname == agent.Settings.NodeName).Id;

    public async Task<IReadOnlyList<Replica>> ReplicasAsync() => (await Client.ListReplicasAsync(Environment, App)).Replicas;

    /// <summary>Running containers of this run on the engine, whichever agent made them.</summary>
    public async Task<IReadOnlyList<ManagedContainer>> RunningContainersAsync(CancellationToken cancellationToken)
    {
        var containers = await Engine.Client.Containers.ListAsync(new ContainerListOptions { All = false, Filters = Engine.Filter() }, cancellationToken);
        return [.. containers.Where(c => c.State == "running" && c.Labels is not null).Select(ManagedContainer.From)];
    }

    /// <summary>
    /// True when exactly <paramref name="expected"/> replicas run, each in one container, and the controller
    /// lists every one RUNNING on the node whose agent runs it, with that container's id.
    /// </summary>
    public async Task<bool> ConvergedAsync(int expected, CancellationToken cancellationToken)
    {
        var containers = await RunningContainersAsync(cancellationToken);
        if (containers.Count != expected || containers.Select(c => c.ReplicaId).Distinct().Count() != expected)
        {
            return false;
        }
        var nodes = (await NodesAsync()).ToDictionary(n => n.Id, n => n.Hostname);
        var replicas = await ReplicasAsync();
        var byReplica = containers.ToDictionary(c => c.ReplicaId);
        return replicas.Count == expected && replicas.All(r =>
            r.State == ReplicaState.Running
            && byReplica.TryGetValue(r.Id, out var container)
            && container.Id == r.ContainerId
            && nodes.GetValueOrDefault(r.NodeId) == container.Node);
    }

    /// <summary>An app of two services (web, worker) of <paramref name="scale"/> sleeping replicas each, without host ports.</summary>
    public static string MasonJson(int scale = 3, string webMode = "one") => $$"""
        {
            "name": "{{App}}",
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
                    "scale": {{scale}},
                    "command": ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"],
                },
            ],
        }
        """;

    public Task<ApplyResponse> ApplyAsync(string masonJson) =>
        Client.ApplyAsync(new ApplyRequest { Environment = Environment, MasonJson = masonJson });

    /// <summary>What the controller and the engine say, and every process's output, for a failed test.</summary>
    public async Task<string> DescribeAsync()
    {
        var parts = new List<string>();
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            parts.AddRange((await NodesAsync()).Select(n => $"node {n.Id} {n.Hostname} {n.Status} applied={n.AppliedRevision} replicas={n.ReplicaCount}"));
            parts.AddRange((await ReplicasAsync()).Select(r => $"replica {r.Id} rev={r.AppRevision} node={r.NodeId} {r.State} container={r.ContainerId} {r.Message} {r.Explanation}"));
            parts.AddRange((await RunningContainersAsync(timeout.Token)).Select(c => $"container {c.Id} {c.Node} {c.ReplicaId}"));
        }
        catch (Exception ex) when (ex is RpcException or Docker.Errors.DockerException or OperationCanceledException)
        {
            parts.Add($"(cannot describe the cluster: {ex.Message})");
        }
        parts.AddRange(_exitedLogs);
        parts.Add($"--- controller (pid {Controller?.Id})\n{Controller?.StandardOutput}{Controller?.StandardError}");
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
        await Engine.DisposeAsync();
        _agentState.Dispose();
        _data.Dispose();
    }
}
