using Codemason.Agent.Engine;
using Codemason.Docker.Containers;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>
/// Two agents on one engine, with the same node name (the engine's host name, as two agents of one server in two
/// environments have): each touches only what it made (issue 19, ownership on a shared engine).
/// </summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class SharedEngineTests
{
    private static readonly TimeSpan Converge = TimeSpan.FromSeconds(45);
    private static readonly TimeSpan Resync = TimeSpan.FromSeconds(1);

    private TestEngine _engine = null!;
    private AgentHarness _staging = null!;
    private AgentHarness _production = null!;

    [SetUp]
    public void CreateAgents()
    {
        _engine = new TestEngine();
        _staging = new AgentHarness(_engine, Resync);
        _production = new AgentHarness(_engine, Resync);
    }

    [TearDown]
    public async Task RemoveEverything()
    {
        await _staging.DisposeAsync();
        await _production.DisposeAsync();
        await _engine.DisposeAsync();
    }

    private async Task<IReadOnlyList<ContainerSummary>> ContainersAsync(CancellationToken cancellationToken) =>
        await _engine.Client.Containers.ListAsync(new() { Filters = _engine.Filter() }, cancellationToken);

    private async Task<bool> RunningAsync(int count, CancellationToken cancellationToken) =>
        await ContainersAsync(cancellationToken) is var containers && containers.Count == count && containers.All(c => c.State == "running");

    [Test]
    public async Task TwoAgentsTwoEnvironmentsSameNodeName_SeveralResyncs_EachKeepsTheOthersContainers(CancellationToken cancellationToken)
    {
        Assert.That(_staging.NodeName, Is.EqualTo(_production.NodeName), "the case of issue 19: one engine host name");
        await _staging.AssignAsync([AgentHarness.ReplicaIn("staging", "shop", "web", 1), AgentHarness.ReplicaIn("staging", "shop", "db", 1)], cancellationToken);
        await _production.AssignAsync([AgentHarness.ReplicaIn("production", "shop", "web", 1)], cancellationToken);
        await _staging.StartAsync(cancellationToken);
        await _production.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(3, cancellationToken), Converge, "3 running", cancellationToken);
        var before = (await ContainersAsync(cancellationToken)).Select(c => c.Id).Order().ToList();
        var stagingResyncs = _staging.Reconciler.ResyncCount;
        var productionResyncs = _production.Reconciler.ResyncCount;

        await Eventually.TrueAsync(() => Task.FromResult(_staging.Reconciler.ResyncCount >= stagingResyncs + 4
            && _production.Reconciler.ResyncCount >= productionResyncs + 4), Converge, "4 re-lists of each agent", cancellationToken);

        var after = await ContainersAsync(cancellationToken);
        Assert.That(after.Select(c => c.Id).Order(), Is.EqualTo(before), "no container removed or replaced");
        Assert.That(after.All(c => c.State == "running"), Is.True);
        var owners = after.GroupBy(c => c.Labels![ManagedLabels.Environment]).ToDictionary(g => g.Key, g => g.Select(c => c.Labels![ManagedLabels.NodeId]).Distinct().Single());
        Assert.That(owners.Keys, Is.EquivalentTo(new[] { "staging", "production" }));
        Assert.That(owners["staging"], Is.Not.EqualTo(owners["production"]), "each agent's objects carry its own node id");
        Assert.That(after.Select(c => c.Labels![ManagedLabels.Node]).Distinct(), Is.EqualTo(new[] { _staging.NodeName }));
    }

    [Test]
    public async Task TwoAgentsTwoEnvironments_OneUnassignsItsApp_TheOthersStay(CancellationToken cancellationToken)
    {
        await _staging.AssignAsync([AgentHarness.ReplicaIn("staging", "shop", "web", 1)], cancellationToken);
        await _production.AssignAsync([AgentHarness.ReplicaIn("production", "shop", "web", 1)], cancellationToken);
        await _staging.StartAsync(cancellationToken);
        await _production.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(2, cancellationToken), Converge, "2 running", cancellationToken);
        var production = (await ContainersAsync(cancellationToken)).Single(c => c.Labels![ManagedLabels.Environment] == "production").Id;

        await _staging.AssignAsync([], cancellationToken, new AppRef { Environment = "staging", App = "shop" });
        await Eventually.TrueAsync(async () => (await ContainersAsync(cancellationToken)).Count == 1
            && (await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken)).Count == 1, Converge, "staging's container and network gone", cancellationToken);
        var resyncs = _production.Reconciler.ResyncCount;
        await Eventually.TrueAsync(() => Task.FromResult(_production.Reconciler.ResyncCount >= resyncs + 2), Converge, "2 re-lists", cancellationToken);

        Assert.That((await ContainersAsync(cancellationToken)).Single().Id, Is.EqualTo(production));
        Assert.That((await _engine.Client.Networks.ListAsync(_engine.Filter(), cancellationToken)).Single().Labels![ManagedLabels.Environment],
            Is.EqualTo("production"));
    }

    [Test]
    public async Task TwoAgentsOneEnvironmentOneApp_SecondReportsTheConflict_FirstKeepsRunning(CancellationToken cancellationToken)
    {
        await _staging.AssignAsync([AgentHarness.ReplicaIn("it", "shop", "db", 1)], cancellationToken);
        await _staging.StartAsync(cancellationToken);
        await Eventually.TrueAsync(() => RunningAsync(1, cancellationToken), Converge, "first agent's replica running", cancellationToken);
        var first = (await ContainersAsync(cancellationToken)).Single().Id;

        await _production.AssignAsync([AgentHarness.ReplicaIn("it", "shop", "web", 1)], cancellationToken);
        await _production.StartAsync(cancellationToken);

        var web = ReplicaId.Parse("it/shop/web#1");
        await Eventually.TrueAsync(() => Task.FromResult(_production.Status.Get(web) is { State: ReplicaState.Failed } status
            && status.Message.Contains("belongs to another agent", StringComparison.Ordinal)), Converge, "the conflict reported", cancellationToken);
        var resyncs = _staging.Reconciler.ResyncCount;
        await Eventually.TrueAsync(() => Task.FromResult(_staging.Reconciler.ResyncCount >= resyncs + 2), Converge, "2 re-lists", cancellationToken);
        Assert.That((await ContainersAsync(cancellationToken)).Select(c => c.Id), Is.EqualTo(new[] { first }), "nothing made, nothing removed");
        Assert.That(_production.Status.Get(web)!.Message, Does.Contain($"network cm{_engine.RunId}_it_shop"));
    }
}
