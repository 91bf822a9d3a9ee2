using Codemason.Agent.Engine;
using Codemason.Docker.Containers;
using Codemason.Docker.Exec;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>The agent against the real engine: what issue 5 asks to be verified.</summary>
[Category("Integration")]
[CancelAfter(120_000)]
public sealed class ReconcileIntegrationTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(30);

    private TestEngine _engine = null!;
    private AgentHarness _agent = null!;

    [SetUp]
    public void CreateAgent()
    {
        _engine = new TestEngine();
        _agent = new AgentHarness(_engine);
    }

    [TearDown]
    public async Task RemoveEverything()
    {
        await _agent.DisposeAsync();
        await _engine.DisposeAsync();
    }

    private static IEnumerable<ReplicaAssignment> ThreeServicesTwoReplicas(string greeting = "hello")
    {
        for (var index = 1; index <= 2; index++)
        {
            var web = AgentHarness.Replica("shop", "web", index, "httpd", "-f", "-p", "80");
            web.Spec.Environment.Add(new EnvVar { Name = "GREETING", Value = greeting });
            web.Spec.Ports.Add(new Proto.V1.PortMapping { ContainerPort = 80, HostIp = "127.0.0.1" });
            web.Spec.Links.Add(new Link { Service = "db", Alias = "database" });
            yield return web;
            var db = AgentHarness.Replica("shop", "db", index);
            db.Spec.Aliases.Add("database");
            yield return db;
            yield return AgentHarness.Replica("shop", "worker", index);
        }
    }

    private async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(CancellationToken cancellationToken) =>
        await _engine.Client.Containers.ListAsync(new() { Filters = _engine.Filter() }, cancellationToken);

    private async Task<bool> AllRunningAsync(int count, CancellationToken cancellationToken)
    {
        var containers = await ContainersAsync(cancellationToken);
        return containers.Count == count && containers.All(c => c.State == "running");
    }

    [Test]
    public async Task Apply_ThreeServicesTwoReplicas_SixRunningWithLabelsEnvPortsAndLinks(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync(ThreeServicesTwoReplicas(), cancellationToken);
        await _agent.StartAsync(cancellationToken);

        await Eventually.TrueAsync(() => AllRunningAsync(6, cancellationToken), Converge, "6 containers running", cancellationToken);

        var containers = await ContainersAsync(cancellationToken);
        var web = containers.Single(c => c.Labels![ManagedLabels.Service] == "web" && c.Labels[ManagedLabels.Replica] == "1");
        Assert.That(web.Labels![ManagedLabels.Managed], Is.EqualTo("true"));
        Assert.That(web.Labels[ManagedLabels.Environment], Is.EqualTo("it"));
        Assert.That(web.Labels[ManagedLabels.App], Is.EqualTo("shop"));
        Assert.That(web.Labels[ManagedLabels.Node], Is.EqualTo(_agent.NodeName));
        Assert.That(web.Labels[ManagedLabels.SpecHash], Is.Not.Empty);
        Assert.That(web.Ports!.Any(p => p.PrivatePort == 80 && p.PublicPort > 0 && p.IP == "127.0.0.1"), Is.True, "port 80 published on 127.0.0.1");

        var env = await _engine.Client.Containers.ExecAsync(web.Id, new ExecRequest(["sh", "-c", "echo $GREETING"]), cancellationToken);
        Assert.That(env.Stdout.Trim(), Is.EqualTo("hello"));
        var byAlias = await _engine.Client.Containers.ExecAsync(web.Id, new ExecRequest(["ping", "-c", "1", "-W", "2", "database"]), cancellationToken);
        Assert.That(byAlias.ExitCode, Is.Zero, "web reaches db by its link alias: " + byAlias.Stdout + byAlias.Stderr);
        var byName = await _engine.Client.Containers.ExecAsync(web.Id, new ExecRequest(["ping", "-c", "1", "-W", "2", "worker"]), cancellationToken);
        Assert.That(byName.ExitCode, Is.Zero, "web reaches worker by its service name");
    }

    [Test]
    public async Task ChangeOneServiceEnvironment_OnlyItsReplicasReplaced(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync(ThreeServicesTwoReplicas("hello"), cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(6, cancellationToken), Converge, "6 running", cancellationToken);
        var before = (await ContainersAsync(cancellationToken)).ToDictionary(c => c.Id, c => c.Labels![ManagedLabels.Service]);

        await _agent.AssignAsync(ThreeServicesTwoReplicas("bonjour"), cancellationToken);
        await Eventually.TrueAsync(async () =>
        {
            var now = await ContainersAsync(cancellationToken);
            return now.Count == 6 && now.All(c => c.State == "running")
                && now.Where(c => c.Labels![ManagedLabels.Service] == "web").All(c => !before.ContainsKey(c.Id));
        }, Converge, "web replaced", cancellationToken);

        var after = await ContainersAsync(cancellationToken);
        var kept = after.Where(c => c.Labels![ManagedLabels.Service] != "web").Select(c => c.Id);
        Assert.That(kept, Is.EquivalentTo(before.Where(p => p.Value != "web").Select(p => p.Key)), "db and worker keep their containers");
    }

    [Test]
    public async Task DockerKill_Replica_RunningAgainThroughEventsBeforeTheReList(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync([AgentHarness.Replica("shop", "db", 1)], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(1, cancellationToken), Converge, "running", cancellationToken);
        var id = (await ContainersAsync(cancellationToken)).Single().Id;

        await _engine.Client.Containers.KillAsync(id, cancellationToken: cancellationToken);
        var elapsed = await Eventually.TrueAsync(async () =>
            (await _engine.Client.Containers.InspectAsync(id, cancellationToken)).State is { Running: true, StartedAt: var started }
            && started > DateTimeOffset.UtcNow.AddSeconds(-20), TimeSpan.FromSeconds(10), "restarted in place", cancellationToken, TimeSpan.FromMilliseconds(20));

        // The re-list runs every 60 s here, so only the events path can explain a fast restart.
        Assert.That(elapsed, Is.LessThan(_agent.ResyncInterval / 4));
        Assert.That((await ContainersAsync(cancellationToken)).Single().Id, Is.EqualTo(id), "restarted in place, not replaced");
    }

    [Test]
    public async Task RemovedContainerAndNetwork_AreRepaired(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync([AgentHarness.Replica("shop", "db", 1), AgentHarness.Replica("shop", "web", 1)], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(2, cancellationToken), Converge, "running", cancellationToken);
        var containers = await ContainersAsync(cancellationToken);

        await _engine.Client.Containers.RemoveAsync(containers[0].Id, force: true, cancellationToken: cancellationToken);
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)) is { Count: 2 } now
            && now.All(c => c.State == "running") && now.All(c => c.Id != containers[0].Id), Converge, "removed container re-created", cancellationToken);

        // A network can only be removed once nothing is attached: detach everything, then remove it.
        var network = (await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken)).Single();
        foreach (var container in await ContainersAsync(cancellationToken))
        {
            await _engine.Client.Networks.DisconnectAsync(network.Id, container.Id, force: true, cancellationToken);
        }
        await _engine.Client.Networks.RemoveAsync(network.Id, cancellationToken);

        await Eventually.TrueAsync(async () =>
        {
            var networks = await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken);
            if (networks.Count != 1)
            {
                return false;
            }
            var details = await _engine.Client.Networks.InspectAsync(networks[0].Id, cancellationToken);
            return details.Containers?.Count == 2;
        }, Converge, "network re-created with both containers attached", cancellationToken);
    }

    [Test]
    public async Task RestartAgent_AdoptsContainers_RecreatesNothing(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync(ThreeServicesTwoReplicas(), cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(6, cancellationToken), Converge, "6 running", cancellationToken);
        var before = (await ContainersAsync(cancellationToken)).Select(c => c.Id).Order().ToList();

        await _agent.StopAsync();
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => Task.FromResult(_agent.Reconciler.ResyncCount > 0), Converge, "a full re-list after restart", cancellationToken);
        await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

        var after = (await ContainersAsync(cancellationToken)).Select(c => c.Id).Order().ToList();
        Assert.That(after, Is.EqualTo(before));
        Assert.That((await ContainersAsync(cancellationToken)).All(c => c.State == "running"), Is.True);
    }

    [Test]
    public async Task ForeignContainerNamedLikeOurs_IsLeftAlone(CancellationToken cancellationToken)
    {
        var foreign = await _engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
        {
            Name = $"it-shop-db-1-{_engine.RunId}",
            Cmd = ["sleep", "3600"],
            // Our app labels but not our managed/node labels: not ours.
            Labels = new Dictionary<string, string>
            {
                [TestEngine.TestLabel] = _engine.RunId,
                [ManagedLabels.Environment] = "it",
                [ManagedLabels.App] = "shop",
                [ManagedLabels.Service] = "db",
                [ManagedLabels.Replica] = "1",
            },
        }, cancellationToken);
        await _engine.Client.Containers.StartAsync(foreign.Id, cancellationToken);

        await _agent.AssignAsync([AgentHarness.Replica("shop", "db", 1)], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(2, cancellationToken), Converge, "ours and the foreign one running", cancellationToken);
        await _agent.AssignAsync([], cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(1, cancellationToken), Converge, "ours removed", cancellationToken);

        Assert.That((await ContainersAsync(cancellationToken)).Single().Id, Is.EqualTo(foreign.Id));
    }

    [Test]
    public async Task RemoveApp_ContainersAndNetworkGo_VolumesOnlyOnDelete(CancellationToken cancellationToken)
    {
        var db = AgentHarness.Replica("shop", "db", 1);
        db.Spec.Volumes.Add(new VolumeMount { Target = "/data", Volume = "data" });
        await _agent.AssignAsync([db], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => AllRunningAsync(1, cancellationToken), Converge, "running", cancellationToken);
        Assert.That(await _engine.Client.Volumes.ListAsync(_engine.Filter(), cancellationToken), Has.Count.EqualTo(1));

        await _agent.AssignAsync([], cancellationToken);
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Count == 0
            && (await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken)).Count == 0, Converge, "containers and network gone", cancellationToken);
        Assert.That(await _engine.Client.Volumes.ListAsync(_engine.Filter(), cancellationToken), Has.Count.EqualTo(1), "unassigned, not deleted: the volume stays");

        await _agent.AssignAsync([], cancellationToken, new AppRef { Environment = "it", App = "shop" });
        await Eventually.TrueAsync(async () => (await _engine.Client.Volumes.ListAsync(_engine.Filter(), cancellationToken)).Count == 0,
            Converge, "volume removed once the app is deleted", cancellationToken);
    }

    [Test]
    public async Task CrashLoop_ReportedFailingWithExitCodeAndLastLines_RestartsBackOff(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync([AgentHarness.Replica("shop", "job", 1, "sh", "-c", "echo boom; exit 3")], cancellationToken);
        await _agent.StartAsync(cancellationToken);

        await Eventually.TrueAsync(() => Task.FromResult(_agent.Status.Get(ReplicaId.Parse("it/shop/job#1")) is { State: ReplicaState.Failed, ExitCode: 3 }),
            Converge, "reported failed with exit code 3", cancellationToken);
        var status = _agent.Status.Get(ReplicaId.Parse("it/shop/job#1"))!;
        Assert.That(status.Message, Does.Contain("exited with code 3").And.Contain("restarting in"));
        Assert.That(status.LastLogLines, Does.Contain("boom"));

        await Task.Delay(TimeSpan.FromSeconds(4), cancellationToken);
        // First exit restarts at once, the next waits 10 s: within ~5 s at most two restarts.
        Assert.That(_agent.Status.Get(ReplicaId.Parse("it/shop/job#1"))!.RestartCount, Is.InRange(1u, 2u));
    }
}
