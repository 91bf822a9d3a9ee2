using System.Globalization;
using Codemason.Agent.Engine;
using Codemason.Docker.Containers;
using Codemason.Docker.Exec;
using Codemason.Docker.Networks;
using Codemason.Docker.Volumes;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>Named volumes without name collisions, anonymous volumes removed with their containers, and the upgrade from earlier agents' names and labels.</summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class VolumeIntegrationTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);

    private TestEngine _engine = null!;
    private AgentHarness _agent = null!;

    [SetUp]
    public void CreateAgent()
    {
        _engine = new TestEngine();
        _agent = new AgentHarness(_engine, TimeSpan.FromSeconds(1));
    }

    [TearDown]
    public async Task RemoveEverything()
    {
        await _agent.DisposeAsync();
        await _engine.DisposeAsync();
    }

    private async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(CancellationToken cancellationToken) =>
        await _engine.Client.Containers.ListAsync(new() { Filters = _engine.Filter() }, cancellationToken);

    private async Task<IReadOnlyList<VolumeDetails>> VolumesAsync(CancellationToken cancellationToken) =>
        await _engine.Client.Volumes.ListAsync(_engine.Filter(), cancellationToken);

    private async Task<bool> RunningAsync(int count, CancellationToken cancellationToken) =>
        await ContainersAsync(cancellationToken) is var containers && containers.Count == count && containers.All(c => c.State == "running");

    private static ReplicaAssignment WithVolume(ReplicaAssignment replica, string? volume, string target = "/data")
    {
        replica.Spec.Volumes.Add(volume is null ? new VolumeMount { Target = target } : new VolumeMount { Target = target, Volume = volume });
        return replica;
    }

    [Test]
    public async Task NamedVolumes_AppAndVolumeNamesSplitAlike_TwoVolumes(CancellationToken cancellationToken)
    {
        await _agent.AssignAsync([
            WithVolume(AgentHarness.Replica("a", "db", 1, "sh", "-c", "echo a > /data/who; sleep 3600"), "b-c"),
            WithVolume(AgentHarness.Replica("a-b", "db", 1, "sh", "-c", "sleep 1; cat /data/who 2>/dev/null; sleep 3600"), "c"),
        ], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(2, cancellationToken), Converge, "2 running", cancellationToken);

        var volumes = await VolumesAsync(cancellationToken);
        Assert.That(volumes.Select(v => v.Name).Order(), Is.EqualTo(new[] { $"{_agent.Prefix}_it_a-b_c", $"{_agent.Prefix}_it_a_b-c" }));
        var second = (await ContainersAsync(cancellationToken)).Single(c => c.Labels![ManagedLabels.App] == "a-b");
        var read = await _engine.Client.Containers.ExecAsync(second.Id, new ExecRequest(["sh", "-c", "cat /data/who 2>/dev/null || echo none"]), cancellationToken);
        Assert.That(read.Stdout.Trim(), Is.EqualTo("none"), "app a-b does not see app a's data");
    }

    [Test]
    public async Task AnonymousVolume_ThreeRolloutsThenDestroy_NoVolumeLeft(CancellationToken cancellationToken)
    {
        ReplicaAssignment Revision(int revision)
        {
            var replica = WithVolume(AgentHarness.Replica("shop", "cache", 1), null);
            replica.AppRevision = (ulong)revision;
            replica.Spec.Environment.Add(new EnvVar { Name = "REVISION", Value = revision.ToString(CultureInfo.InvariantCulture) });
            return replica;
        }
        await _agent.AssignAsync([Revision(1)], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(1, cancellationToken), Converge, "running", cancellationToken);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var container = (await ContainersAsync(cancellationToken)).Single().Id;
        seen.UnionWith(await AnonymousVolumesOfAsync(container, cancellationToken));
        Assert.That(seen, Has.Count.EqualTo(1));
        Assert.That((await VolumesAsync(cancellationToken)).Select(v => v.Name), Is.EqualTo(seen), "the anonymous volume carries the agent's labels");

        for (var revision = 2; revision <= 4; revision++)
        {
            var previous = container;
            await _agent.AssignAsync([Revision(revision)], cancellationToken);
            await Eventually.TrueAsync(async () => await ContainersAsync(cancellationToken) is [{ State: "running" } only] && only.Id != previous,
                Converge, $"rollout {revision - 1} done", cancellationToken);
            container = (await ContainersAsync(cancellationToken)).Single().Id;
            seen.UnionWith(await AnonymousVolumesOfAsync(container, cancellationToken));
            Assert.That((await VolumesAsync(cancellationToken)).Select(v => v.Name), Is.EqualTo(await AnonymousVolumesOfAsync(container, cancellationToken)),
                "only the running container's anonymous volume is left");
        }
        Assert.That(seen, Has.Count.EqualTo(4), "each container had its own");

        await _agent.AssignAsync([], cancellationToken, new AppRef { Environment = "it", App = "shop" });
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Count == 0, Converge, "destroyed", cancellationToken);
        Assert.That(await VolumesAsync(cancellationToken), Is.Empty);
        foreach (var name in seen)
        {
            Assert.ThrowsAsync<Docker.Errors.DockerNotFoundException>(() => _engine.Client.Volumes.InspectAsync(name, cancellationToken), $"volume {name} is gone");
        }
    }

    [Test]
    public async Task Upgrade_EarlierAgentsContainerNetworkAndVolume_AdoptedUnchanged_DataKeptAcrossReplace(CancellationToken cancellationToken)
    {
        var assigned = WithVolume(AgentHarness.Replica("shop", "db", 1), "data");
        assigned.SpecHash = SpecHash.Of(assigned.Spec).Value;
        var legacyNetwork = $"{_agent.Prefix}-it-shop";
        var legacyVolume = $"{_agent.Prefix}-it-shop-data";
        var legacy = await MakeLegacyAsync("it", assigned.SpecHash, legacyNetwork, legacyVolume, cancellationToken);
        // Another environment's container of an earlier agent with the same node name: another agent's to claim.
        var otherEnvironment = await MakeLegacyAsync("other", assigned.SpecHash, $"{_agent.Prefix}-other-shop", $"{_agent.Prefix}-other-shop-data", cancellationToken);
        var written = await _engine.Client.Containers.ExecAsync(legacy, new ExecRequest(["sh", "-c", "echo kept > /data/file"]), cancellationToken);
        Assert.That(written.ExitCode, Is.Zero);

        await _agent.AssignAsync([assigned], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => Task.FromResult(_agent.Reconciler.ResyncCount >= 4), Converge, "4 re-lists", cancellationToken);

        var containers = await ContainersAsync(cancellationToken);
        Assert.That(containers.Select(c => c.Id).Order(), Is.EqualTo(new[] { legacy, otherEnvironment }.Order()), "adopted, nothing made or removed");
        Assert.That(containers.All(c => c.State == "running"), Is.True);
        Assert.That((await VolumesAsync(cancellationToken)).Select(v => v.Name).Order(), Is.EqualTo(new[] { legacyVolume, $"{_agent.Prefix}-other-shop-data" }.Order()));
        Assert.That((await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken)).Select(n => n.Name).Order(),
            Is.EqualTo(new[] { legacyNetwork, $"{_agent.Prefix}-other-shop" }.Order()));

        var changed = WithVolume(AgentHarness.Replica("shop", "db", 1), "data");
        changed.Spec.Environment.Add(new EnvVar { Name = "REVISION", Value = "2" });
        await _agent.AssignAsync([changed], cancellationToken);
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Where(c => c.Labels![ManagedLabels.Environment] == "it").ToList()
            is [{ State: "running" } only] && only.Id != legacy, Converge, "replaced", cancellationToken);

        var replacement = (await ContainersAsync(cancellationToken)).Single(c => c.Labels![ManagedLabels.Environment] == "it");
        Assert.That(replacement.Labels![ManagedLabels.NodeId], Is.Not.Empty, "a new container carries the node id");
        var details = await _engine.Client.Containers.InspectAsync(replacement.Id, cancellationToken);
        Assert.That(details.Mounts!.Single().Name, Is.EqualTo(legacyVolume), "the earlier agent's volume stays in use");
        Assert.That(details.NetworkSettings!.Networks!.Keys, Is.EqualTo(new[] { legacyNetwork }));
        var read = await _engine.Client.Containers.ExecAsync(replacement.Id, new ExecRequest(["cat", "/data/file"]), cancellationToken);
        Assert.That(read.Stdout.Trim(), Is.EqualTo("kept"));
        Assert.That((await _engine.Client.Containers.InspectAsync(otherEnvironment, cancellationToken)).State.Running, Is.True, "another environment's is untouched");
    }

    [Test]
    public async Task Upgrade_TwoAppsSharingAnEarlierAgentsVolume_BothKeepUsingIt_ANewAppDoesNot(CancellationToken cancellationToken)
    {
        var first = WithVolume(AgentHarness.Replica("a", "db", 1), "b-c");
        first.SpecHash = SpecHash.Of(first.Spec).Value;
        var second = WithVolume(AgentHarness.Replica("a-b", "db", 1), "c");
        second.SpecHash = SpecHash.Of(second.Spec).Value;
        var shared = $"{_agent.Prefix}-it-a-b-c";
        await MakeLegacyAsync("it", "a", "b-c", first.SpecHash, $"{_agent.Prefix}-it-a", shared, cancellationToken);
        var secondLegacy = await MakeLegacyAsync("it", "a-b", "c", second.SpecHash, $"{_agent.Prefix}-it-a-b", shared, cancellationToken);
        Assert.That((await _engine.Client.Containers.ExecAsync(secondLegacy, new ExecRequest(["sh", "-c", "echo kept > /data/file"]), cancellationToken)).ExitCode, Is.Zero);
        // A new app whose volume's old-style name is that same one (environment it-a, app b, volume c): it must get its own.
        var newcomer = WithVolume(AgentHarness.ReplicaIn("it-a", "b", "db", 1), "c");
        await _agent.AssignAsync([first, second, newcomer], cancellationToken);
        await _agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(3, cancellationToken), Converge, "3 running", cancellationToken);

        var changed = WithVolume(AgentHarness.Replica("a-b", "db", 1), "c");
        changed.Spec.Environment.Add(new EnvVar { Name = "REVISION", Value = "2" });
        await _agent.AssignAsync([first, changed, newcomer], cancellationToken);
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Where(c => c.Labels![ManagedLabels.App] == "a-b").ToList()
            is [{ State: "running" } only] && only.Id != secondLegacy, Converge, "a-b replaced", cancellationToken);

        var replacement = (await ContainersAsync(cancellationToken)).Single(c => c.Labels![ManagedLabels.App] == "a-b");
        var mounts = (await _engine.Client.Containers.InspectAsync(replacement.Id, cancellationToken)).Mounts!;
        Assert.That(mounts.Single().Name, Is.EqualTo(shared), "a-b keeps the volume it wrote to");
        Assert.That((await _engine.Client.Containers.ExecAsync(replacement.Id, new ExecRequest(["cat", "/data/file"]), cancellationToken)).Stdout.Trim(), Is.EqualTo("kept"));
        var newcomerContainer = (await ContainersAsync(cancellationToken)).Single(c => c.Labels![ManagedLabels.App] == "b");
        Assert.That((await _engine.Client.Containers.InspectAsync(newcomerContainer.Id, cancellationToken)).Mounts!.Single().Name,
            Is.EqualTo($"{_agent.Prefix}_it-a_b_c"));
    }

    /// <summary>What an agent before node ids made: labels with the node name only, and the '-'-joined names.</summary>
    private Task<string> MakeLegacyAsync(string environment, string specHash, string network, string volume, CancellationToken cancellationToken) =>
        MakeLegacyAsync(environment, "shop", "data", specHash, network, volume, cancellationToken);

    /// <summary>
    /// An earlier agent's container of <paramref name="app"/>'s db#1 mounting <paramref name="volume"/> (made, labelled as
    /// <paramref name="app"/>'s <paramref name="logical"/>, when missing) on <paramref name="network"/> (made when missing).
    /// </summary>
    private async Task<string> MakeLegacyAsync(
        string environment, string app, string logical, string specHash, string network, string volume, CancellationToken cancellationToken)
    {
        Dictionary<string, string> Labels() => new()
        {
            [TestEngine.TestLabel] = _engine.RunId,
            [ManagedLabels.Managed] = "true",
            [ManagedLabels.Node] = _agent.NodeName,
            [ManagedLabels.Environment] = environment,
            [ManagedLabels.App] = app,
        };
        if ((await _engine.Client.Networks.ListAsync(_engine.Filter().Add("name", network), cancellationToken)).All(n => n.Name != network))
        {
            await _engine.Client.Networks.CreateAsync(new NetworkCreateRequest(network) { Labels = Labels() }, cancellationToken);
        }
        var volumeLabels = Labels();
        volumeLabels[ManagedLabels.Volume] = logical;
        // Creating a volume that exists returns it unchanged, labels and all: the first app's, as the engine did then.
        await _engine.Client.Volumes.CreateAsync(new VolumeCreateRequest(volume) { Labels = volumeLabels }, cancellationToken);
        var containerLabels = Labels();
        containerLabels[ManagedLabels.Service] = "db";
        containerLabels[ManagedLabels.Replica] = "1";
        containerLabels[ManagedLabels.Revision] = "1";
        containerLabels[ManagedLabels.SpecHash] = specHash;
        var created = await _engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
        {
            Name = $"{environment}-{app}-db-1-{_engine.RunId}",
            Cmd = ["sleep", "3600"],
            Labels = containerLabels,
            Mounts = [MountSpec.Volume(volume, "/data")],
            Networks = new Dictionary<string, NetworkAttachment>(StringComparer.Ordinal) { [network] = new NetworkAttachment { Aliases = ["db"] } },
        }, cancellationToken);
        await _engine.Client.Containers.StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    private async Task<IReadOnlyList<string>> AnonymousVolumesOfAsync(string container, CancellationToken cancellationToken) =>
        [.. (await _engine.Client.Containers.InspectAsync(container, cancellationToken)).Mounts!.Where(m => m.Type == "volume").Select(m => m.Name!)];
}
