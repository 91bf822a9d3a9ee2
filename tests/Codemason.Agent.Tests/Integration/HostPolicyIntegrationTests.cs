using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>
/// The agent's own check of the host policy, against the real engine, with the controller bypassed (an assignments
/// file): what the policy forbids is never created and the replica reports why; an exception lets it run.
/// </summary>
[Category("Integration")]
[CancelAfter(120_000)]
public sealed class HostPolicyIntegrationTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    private TestEngine _engine = null!;
    private AgentHarness _agent = null!;
    private string _allowed = null!;

    [SetUp]
    public void CreateAgent()
    {
        _engine = new TestEngine();
        _agent = new AgentHarness(_engine);
        _allowed = Directory.CreateTempSubdirectory("codemason-bind-").FullName;
    }

    [TearDown]
    public async Task RemoveEverything()
    {
        await _agent.DisposeAsync();
        await _engine.DisposeAsync();
        Directory.Delete(_allowed, recursive: true);
    }

    [Test]
    public async Task PrivilegedReplica_RefusedByDefault_CreatedPrivilegedOnceThePolicyAllowsIt(CancellationToken cancellationToken)
    {
        var replica = AgentHarness.Replica("ops", "probe", 1);
        replica.Spec.Privileged = true;
        await _agent.AssignAsync([replica], policy: null, cancellationToken);
        await _agent.StartAsync(cancellationToken);

        var refused = await FailedAsync(replica, cancellationToken);
        var createdWhileRefused = await CountAsync(cancellationToken);
        await _agent.AssignAsync([replica], new HostPolicy { AllowPrivileged = true }, cancellationToken);
        // Created is enough: whether the engine may start a privileged container depends on the machine (a sandbox
        // without all capabilities refuses), not on the agent.
        await Eventually.TrueAsync(async () => await CountAsync(cancellationToken) == 1, Converge, "created", cancellationToken);
        var id = (await _engine.Client.Containers.ListAsync(new() { All = true, Filters = _engine.Filter() }, cancellationToken)).Single().Id;
        var details = await _engine.Client.Containers.InspectAsync(id, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(refused, Does.Contain("refused by the host policy").And.Contain("privileged containers are not allowed in environment \"it\""));
            Assert.That(createdWhileRefused, Is.Zero, "nothing was created while the policy refused it");
            Assert.That(details.HostConfig?.Privileged, Is.True);
        });
    }

    [Test]
    public async Task BindMount_OutsideTheAllowList_Refused_InsideIt_Mounted(CancellationToken cancellationToken)
    {
        var outside = AgentHarness.Replica("ops", "reader", 1);
        outside.Spec.Volumes.Add(new VolumeMount { HostPath = "/etc", Target = "/host-etc", ReadOnly = true });
        var inside = AgentHarness.Replica("ops", "writer", 1);
        inside.Spec.Volumes.Add(new VolumeMount { HostPath = _allowed, Target = "/data" });
        var policy = new HostPolicy { AllowedBindPaths = { _allowed } };

        await _agent.AssignAsync([outside, inside], policy, cancellationToken);
        await _agent.StartAsync(cancellationToken);

        var refused = await FailedAsync(outside, cancellationToken);
        var id = await RunningAsync(cancellationToken);
        var details = await _engine.Client.Containers.InspectAsync(id, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(refused, Does.Contain("host path \"/etc\" is not allowed in environment \"it\"").And.Contain("--allow-bind /etc"));
            Assert.That(details.Name, Does.Contain("writer"));
            Assert.That(details.Mounts?.Select(m => (m.Type, m.Source, m.Destination)), Has.Member(("bind", _allowed, "/data")));
        });
    }

    [Test]
    public async Task DockerSocket_NeverMounted_EvenWhenItsDirectoryIsAllowed(CancellationToken cancellationToken)
    {
        var replica = AgentHarness.Replica("ops", "escape", 1);
        replica.Spec.Volumes.Add(new VolumeMount { HostPath = "/var/run/docker.sock", Target = "/var/run/docker.sock" });

        await _agent.AssignAsync([replica], new HostPolicy { AllowPrivileged = true, AllowedBindPaths = { "/var/run" } }, cancellationToken);
        await _agent.StartAsync(cancellationToken);

        var refused = await FailedAsync(replica, cancellationToken);
        Assert.Multiple(async () =>
        {
            Assert.That(refused, Does.Contain("Docker engine's socket").And.Contain("never allowed"));
            Assert.That(await CountAsync(cancellationToken), Is.Zero);
        });
    }

    private async Task<string> FailedAsync(ReplicaAssignment replica, CancellationToken cancellationToken)
    {
        var id = ReplicaId.Parse(replica.ReplicaId);
        await Eventually.TrueAsync(() => Task.FromResult(_agent.Status.Get(id) is { State: ReplicaState.Failed }), Converge, $"{replica.ReplicaId} failed", cancellationToken);
        return _agent.Status.Get(id)!.Message;
    }

    private async Task<int> CountAsync(CancellationToken cancellationToken) =>
        (await _engine.Client.Containers.ListAsync(new() { All = true, Filters = _engine.Filter() }, cancellationToken)).Count;

    private async Task<string> RunningAsync(CancellationToken cancellationToken)
    {
        string? id = null;
        await Eventually.TrueAsync(async () =>
        {
            var running = (await _engine.Client.Containers.ListAsync(new() { Filters = _engine.Filter() }, cancellationToken)).Where(c => c.State == "running").ToList();
            id = running.Count == 1 ? running[0].Id : null;
            return id is not null;
        }, Converge, "one replica running", cancellationToken);
        return id!;
    }
}
