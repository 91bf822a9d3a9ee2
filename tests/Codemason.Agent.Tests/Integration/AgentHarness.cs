using Codemason.Agent.Hosting;
using Codemason.Agent.Reconciliation;
using Codemason.Agent.Session;
using Codemason.Agent.Status;
using Codemason.Proto.V1;
using Codemason.Testing;
using Google.Protobuf;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Tests.Integration;

/// <summary>
/// A real agent (the same host the binary builds) in standalone mode against the real engine,
/// with its own node name, resource prefix, state file and assignments file. Restartable: a new
/// host over the same state file is what a process restart gives.
/// </summary>
public sealed class AgentHarness : IAsyncDisposable
{
    private IHost? _host;

    public AgentHarness(TestEngine engine, TimeSpan? resyncInterval = null, TimeSpan? stopTimeout = null)
    {
        StopTimeout = stopTimeout ?? TimeSpan.FromSeconds(1);
        Engine = engine;
        Directory = System.IO.Directory.CreateTempSubdirectory("agent-it-").FullName;
        NodeName = $"node-{engine.RunId}";
        Prefix = $"cm{engine.RunId}";
        ResyncInterval = resyncInterval ?? TimeSpan.FromSeconds(60);
    }

    public TestEngine Engine { get; }

    public string Directory { get; }

    public string NodeName { get; }

    public string Prefix { get; }

    public TimeSpan ResyncInterval { get; }

    /// <summary>The agent's grace period before a container is killed (default 1 s; the bench's agents use 0).</summary>
    public TimeSpan StopTimeout { get; }

    public string AssignmentsPath => Path.Combine(Directory, "assignments.json");

    public string StatePath => Path.Combine(Directory, "agent.db");

    public ReplicaStatusBoard Status => _host!.Services.GetRequiredService<ReplicaStatusBoard>();

    public Reconciler Reconciler => _host!.Services.GetRequiredService<Reconciler>();

    public ReplicaLogStreamer Logs => _host!.Services.GetRequiredService<ReplicaLogStreamer>();

    /// <summary>Writes the assignments file (the agent polls it every second).</summary>
    public Task AssignAsync(IEnumerable<ReplicaAssignment> replicas, CancellationToken cancellationToken, params AppRef[] deletedApps) =>
        AssignAsync(replicas, policy: null, cancellationToken, deletedApps);

    /// <summary>Writes the assignments file with a host policy (none: the file has no policy, so the default applies).</summary>
    public async Task AssignAsync(IEnumerable<ReplicaAssignment> replicas, HostPolicy? policy, CancellationToken cancellationToken, params AppRef[] deletedApps)
    {
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Policy = policy };
        set.Upserts.AddRange(replicas);
        set.DeletedApps.AddRange(deletedApps);
        var temp = AssignmentsPath + ".tmp";
        await File.WriteAllTextAsync(temp, JsonFormatter.Default.Format(set), cancellationToken);
        File.Move(temp, AssignmentsPath, overwrite: true);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Agent:AssignmentsFile"] = AssignmentsPath,
            ["Agent:StatePath"] = StatePath,
            ["Agent:NodeName"] = NodeName,
            ["Agent:ResourcePrefix"] = Prefix,
            ["Agent:ExtraLabels"] = Engine.LabelPair,
            ["Agent:ResyncInterval"] = ResyncInterval.ToString("c"),
            ["Agent:StopTimeout"] = StopTimeout.ToString("c"),
        });
        builder.Logging.AddSimpleConsole(o => o.SingleLine = true).SetMinimumLevel(LogLevel.Information);
        builder.AddAgent();
        _host = builder.Build();
        await _host.StartAsync(cancellationToken);
    }

    public async Task StopAsync()
    {
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(15));
            await _host.StopAsync(timeout.Token);
            _host.Dispose();
            _host = null;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    /// <summary>A replica assignment of the test image in environment "it"; spec hash derived by the agent.</summary>
    public static ReplicaAssignment Replica(string app, string service, int index, params string[] command) =>
        ReplicaIn("it", app, service, index, command);

    /// <summary>A replica assignment of the test image in <paramref name="environment"/>; spec hash derived by the agent.</summary>
    public static ReplicaAssignment ReplicaIn(string environment, string app, string service, int index, params string[] command)
    {
        var spec = new ContainerSpec { Image = TestEngine.Image };
        spec.Command.AddRange(command.Length > 0 ? command : ["sleep", "3600"]);
        return new ReplicaAssignment
        {
            ReplicaId = $"{environment}/{app}/{service}#{index}",
            Environment = environment,
            App = app,
            Service = service,
            Index = (uint)index,
            AppRevision = 1,
            Spec = spec,
        };
    }
}
