using Codemason.Controller.Reconcile;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Reconcile;

/// <summary>
/// The controller's reconcile loop on the real SQLite store with the real scheduler and a manual clock: placement
/// rules from mason.json, drift written straight into the database, and a pass that fails while a node is Down.
/// </summary>
[CancelAfter(30_000)]
public sealed class ReconcileLoopTests
{
    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await StoreHarness.OpenAsync();
        await _harness.Store.CreateEnvironmentAsync("prod", CancellationToken.None);
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    private static string App(string placement, int scale) => $$"""
        { "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "web:1", "scale": {{scale}}, "placement": {{placement}} } ] }
        """;

    private Task<IReadOnlyList<Replica>> ReplicasAsync() =>
        _harness.Store.ListReplicasAsync(new ReplicaFilter("prod", "shop"), CancellationToken.None).ContinueWith(t => (IReadOnlyList<Replica>)t.Result.Items);

    [Test]
    public async Task Constraint_NoNodeMatches_ApplySucceedsAndWaitsExplained_ThenPlacedWhenAMatchingNodeJoins(CancellationToken cancellationToken)
    {
        await _harness.JoinNodeAsync("prod", "hdd-1", new Dictionary<string, string> { ["disk"] = "hdd" });
        await _harness.JoinNodeAsync("prod", "hdd-2", new Dictionary<string, string> { ["disk"] = "hdd" });

        var outcome = await _harness.ApplyAsync("prod", App("""{ "constraints": ["node.labels.disk == ssd"] }""", 1));
        var waiting = (await ReplicasAsync()).Single();
        var events = await _harness.Store.ListEventsAsync(new EventFilter("prod", "shop"), cancellationToken);

        var ssd = await _harness.JoinNodeAsync("prod", "ssd-1", new Dictionary<string, string> { ["disk"] = "ssd" });
        // What the agent stream does when a node joins while a replica waits.
        Assert.That(await _harness.Reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment("prod"), cancellationToken), Is.True);
        var placed = (await ReplicasAsync()).Single();

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True, "the apply succeeds");
            Assert.That(waiting.NodeId, Is.Empty, "no node satisfies the constraint");
            Assert.That(waiting.Explanation, Does.Contain("2 nodes").And.Contain("disk=ssd"), "names the rule and on how many nodes it failed");
            Assert.That(events.Items.Select(e => e.Message), Has.Some.Contain("cannot be placed").And.Some.Contain("disk=ssd"), "mason events shows why");
            Assert.That(placed.NodeId, Is.EqualTo(ssd.NodeId.Value), "placed on the node that joined with the label");
            Assert.That(placed.Explanation, Is.Empty);
        });
    }

    [Test]
    public async Task MaxPerNode_ThreeReplicasOnTwoNodes_OneWaitsExplained(CancellationToken cancellationToken)
    {
        await _harness.JoinNodeAsync("prod", "n1");
        await _harness.JoinNodeAsync("prod", "n2");

        await _harness.ApplyAsync("prod", App("""{ "maxPerNode": 1 }""", 3));
        var replicas = await ReplicasAsync();

        var placed = replicas.Where(r => r.NodeId.Length > 0).ToList();
        var waiting = replicas.Where(r => r.NodeId.Length == 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(placed.Select(r => r.NodeId).Distinct().Count(), Is.EqualTo(2), "one replica on each node");
            Assert.That(waiting, Has.Count.EqualTo(1));
            Assert.That(waiting.Single().Explanation, Does.Contain("2 nodes"), "on how many nodes it failed");
            Assert.That(waiting.Single().Explanation, Does.Contain("maxPerNode").Or.Contain("per node"), "names the rule");
        });
    }

    [Test]
    public async Task Resync_RowDeletedAndReplicaOnARemovedNode_RepairedWithoutBeingAsked(CancellationToken cancellationToken)
    {
        var node = await _harness.JoinNodeAsync("prod", "n1");
        await _harness.ApplyAsync("prod", App("{}", 3));
        var before = await ReplicasAsync();

        // Drift written straight into the file, as a hand edit or a bad restore would.
        await using (var connection = new SqliteConnection($"Data Source={_harness.DatabasePath}"))
        {
            await connection.OpenAsync(cancellationToken);
            await using var command = connection.CreateCommand();
            // A node id of the right form that no node has: a node removed behind the controller's back.
            command.CommandText = $"""
                DELETE FROM replicas WHERE id = 'prod/shop/web#2';
                UPDATE replicas SET node_id = '{NodeId.New()}' WHERE id = 'prod/shop/web#3';
                """;
            await command.ExecuteNonQueryAsync(cancellationToken);
        }
        var drifted = await ReplicasAsync();
        _harness.Time.Advance(new ReconcileOptions().ResyncInterval);

        await Eventually.TrueAsync(
            async () => (await ReplicasAsync()).Count(r => r.NodeId == node.NodeId.Value) == 3,
            TimeSpan.FromSeconds(20), "the resync repairs the rows and places them", cancellationToken);
        var events = await _harness.Store.ListEventsAsync(new EventFilter("prod", "shop"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(before.Select(r => r.NodeId), Has.All.EqualTo(node.NodeId.Value));
            Assert.That(drifted.Select(r => r.Id), Is.EqualTo(new[] { "prod/shop/web#1", "prod/shop/web#3" }));
            Assert.That(events.Items.Select(e => e.Kind), Has.Some.EqualTo("repaired"));
        });
    }

    [Test]
    public async Task PassFailsWhileANodeIsDown_RetriedOnItsOwn_ReplicasMoveOnceTheFaultClears(CancellationToken cancellationToken)
    {
        var n1 = await _harness.JoinNodeAsync("prod", "n1");
        var n2 = await _harness.JoinNodeAsync("prod", "n2");
        await _harness.ApplyAsync("prod", App("{}", 4));
        var (store, fault) = FaultyStore.Around(_harness.Store);
        var options = Options.Create(new ReconcileOptions());
        using var reconciler = new ControllerReconciler(
            store, new PlacementPass(store, options, _harness.Time, NullLogger<PlacementPass>.Instance), options, _harness.Time, NullLogger<ControllerReconciler>.Instance);
        await reconciler.StartAsync(cancellationToken);
        var spread = (await ReplicasAsync()).GroupBy(r => r.NodeId).ToDictionary(g => g.Key, g => g.Count());

        // n1 goes Down while the store refuses writes: the pass the health monitor asks for fails.
        await _harness.Store.SetNodeStatusAsync(n1.NodeId, Nodes.NodeStatus.Down, cancellationToken);
        fault.Locked = true;
        var failed = await reconciler.ReconcileAsync(ReconcileTarget.ForEnvironment("prod"), cancellationToken);
        var stuck = (await ReplicasAsync()).Count(r => r.NodeId == n1.NodeId.Value);

        // The fault clears; nobody asks again. The retry (at most the retry cap, well within one resync) repairs it.
        fault.Locked = false;
        _harness.Time.Advance(options.Value.RetryMaxDelay);
        await Eventually.TrueAsync(
            async () => (await ReplicasAsync()).All(r => r.NodeId == n2.NodeId.Value),
            TimeSpan.FromSeconds(20), "every replica moved to the Ready node", cancellationToken);
        await reconciler.StopAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(spread.Keys, Is.EquivalentTo(new[] { n1.NodeId.Value, n2.NodeId.Value }), "both nodes ran replicas");
            Assert.That(failed, Is.False, "the pass failed");
            Assert.That(fault.Refused, Is.GreaterThan(0));
            Assert.That(stuck, Is.EqualTo(spread[n1.NodeId.Value]), "nothing moved while the store refused writes");
        });
    }
}
