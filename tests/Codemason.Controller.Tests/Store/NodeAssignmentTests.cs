using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Controller.Tests.Store;

public sealed class NodeAssignmentTests
{
    private static readonly AppKey Shop = new("prod", "shop");
    private StoreHarness _harness = null!;
    private NodeRegistrationResult _node = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await StoreHarness.OpenAsync();
        await _harness.Store.CreateEnvironmentAsync("prod", CancellationToken.None);
        _node = await _harness.JoinNodeAsync("prod", "n1");
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeAssignments_AfterApply_HasEveryPlacedReplicaWithItsSpec(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));

        var set = await _harness.Store.GetNodeAssignmentsAsync(_node.NodeId, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(set.Replicas.Select(r => r.ReplicaId), Is.EqualTo(new[] { "prod/shop/db#1", "prod/shop/web#1", "prod/shop/web#2" }));
            Assert.That(set.StoreRevision, Is.EqualTo(_harness.Store.CurrentRevision));
            var web = set.Replicas.Single(r => r.ReplicaId == "prod/shop/web#1");
            Assert.That(web.Spec.Image, Is.EqualTo("registry.example.com/shop/web:1"));
            Assert.That(web.SpecHash, Does.StartWith("sha256:"));
            Assert.That(web.AppRevision, Is.EqualTo(1UL));
            Assert.That(set.Replicas.Single(r => r.Service == "db").Spec.Aliases, Is.EqualTo(new[] { "database" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeChanges_ScaleDownAndSpecChange_ListsUpsertsAndRemovals(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 3));
        var since = _harness.Store.CurrentRevision;

        await _harness.Coordinator.ScaleAsync(Shop, "web", 1, "tester", cancellationToken);
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1, webImage: "web:2"));

        var changes = await _harness.Store.GetNodeChangesAsync(_node.NodeId, since, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(changes, Is.Not.Null);
            Assert.That(changes!.FromRevision, Is.EqualTo(since));
            Assert.That(changes.ToRevision, Is.EqualTo(_harness.Store.CurrentRevision));
            Assert.That(changes.RemovedReplicaIds, Is.EqualTo(new[] { "prod/shop/web#2", "prod/shop/web#3" }));
            Assert.That(changes.Upserts.Select(u => u.ReplicaId), Is.EqualTo(new[] { "prod/shop/web#1" }));
            Assert.That(changes.Upserts[0].Spec.Image, Is.EqualTo("web:2"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeChanges_StatusOnlyChanges_AreNotAssignments(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var since = _harness.Store.CurrentRevision;

        await _harness.Store.ApplyReplicaStatusesAsync(_node.NodeId, [Status("prod/shop/web#1", ReplicaState.Running)], cancellationToken);

        var changes = await _harness.Store.GetNodeChangesAsync(_node.NodeId, since, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(changes!.IsEmpty, Is.True);
            Assert.That(changes.ToRevision, Is.GreaterThan(since));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeChanges_ReplicaMovedToAnotherNode_IsRemovedFromTheOldNode(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var other = await _harness.JoinNodeAsync("prod", "n2");
        var since = _harness.Store.CurrentRevision;

        await _harness.Store.SetPlacementsAsync([PlacementDecision.On(ReplicaId.Parse("prod/shop/web#1"), other.NodeId)], cancellationToken);

        var oldNode = await _harness.Store.GetNodeChangesAsync(_node.NodeId, since, cancellationToken);
        var newNode = await _harness.Store.GetNodeChangesAsync(other.NodeId, since, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(oldNode!.RemovedReplicaIds, Is.EqualTo(new[] { "prod/shop/web#1" }));
            Assert.That(oldNode.Upserts, Is.Empty);
            Assert.That(newNode!.Upserts.Select(u => u.ReplicaId), Is.EqualTo(new[] { "prod/shop/web#1" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeChanges_AppDeleted_RemovesItsReplicasAndNamesTheApp(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var since = _harness.Store.CurrentRevision;

        await _harness.Coordinator.DeleteAsync(Shop, "tester", cancellationToken);

        var changes = await _harness.Store.GetNodeChangesAsync(_node.NodeId, since, cancellationToken);
        var complete = await _harness.Store.GetNodeAssignmentsAsync(_node.NodeId, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(changes!.RemovedReplicaIds, Is.EquivalentTo(new[] { "prod/shop/web#1", "prod/shop/db#1" }));
            Assert.That(changes.DeletedApps.Select(a => a.App), Is.EqualTo(new[] { "shop" }));
            Assert.That(complete.Replicas, Is.Empty);
            Assert.That(complete.DeletedApps.Select(a => a.App), Is.EqualTo(new[] { "shop" }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task GetNodeChanges_RevisionBeforeTheHistoryOrFromTheFuture_IsNull(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop());

        var future = await _harness.Store.GetNodeChangesAsync(_node.NodeId, _harness.Store.CurrentRevision + 10, cancellationToken);

        Assert.That(future, Is.Null);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ApplyReplicaStatuses_ReplicaOnAnotherNode_IsIgnored(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var other = await _harness.JoinNodeAsync("prod", "n2");

        var result = await _harness.Store.ApplyReplicaStatusesAsync(other.NodeId, [Status("prod/shop/web#1", ReplicaState.Running)], cancellationToken);

        var replicas = await _harness.Store.ListReplicasAsync(new ReplicaFilter("prod", "shop", "web"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(result.Applied, Is.Zero);
            Assert.That(result.Ignored, Is.EqualTo(new[] { "prod/shop/web#1" }));
            Assert.That(replicas.Items[0].State, Is.EqualTo(ReplicaState.Assigned));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ApplyReplicaStatuses_SeveralForOneReplica_KeepsTheLatestAndRecordsItsEvent(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var now = _harness.Time.GetUtcNow();
        var failed = Status("prod/shop/web#1", ReplicaState.Failed, now.AddSeconds(2));
        failed.ExitCode = 137;
        failed.LastLogLines.Add("out of memory");

        var result = await _harness.Store.ApplyReplicaStatusesAsync(
            _node.NodeId,
            [failed, Status("prod/shop/web#1", ReplicaState.Running, now.AddSeconds(1))],
            cancellationToken);

        var replica = (await _harness.Store.ListReplicasAsync(new ReplicaFilter("prod", "shop", "web"), cancellationToken)).Items[0];
        var events = await _harness.Store.ListEventsAsync(new EventFilter("prod", "shop"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(result.Applied, Is.EqualTo(1));
            Assert.That(replica.State, Is.EqualTo(ReplicaState.Failed));
            Assert.That(replica.ExitCode, Is.EqualTo(137));
            Assert.That(replica.LastLogLines, Is.EqualTo(new[] { "out of memory" }));
            Assert.That(events.Items[^1].Kind, Is.EqualTo("died"));
            Assert.That(events.Items[^1].Message, Does.Contain("137"));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ApplyReplicaStatuses_FailedWithoutAnExitCode_EventSaysFailedWithTheAgentsReason(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var failed = Status("prod/shop/web#1", ReplicaState.Failed, _harness.Time.GetUtcNow().AddSeconds(1));
        failed.Message = "unhealthy; the previous container keeps serving";

        await _harness.Store.ApplyReplicaStatusesAsync(_node.NodeId, [failed], cancellationToken);

        var events = await _harness.Store.ListEventsAsync(new EventFilter("prod", "shop"), cancellationToken);
        Assert.That(events.Items[^1].Message, Is.EqualTo($"web#1 failed on node {_node.NodeId}: unhealthy; the previous container keeps serving"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RemoveNode_WithReplicas_LeavesThemPendingWithAnExplanation(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));

        await _harness.Store.RemoveNodeAsync(_node.NodeId, cancellationToken);

        var replicas = await _harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken);
        Assert.Multiple(async () =>
        {
            Assert.That(replicas.Items.Select(r => r.State), Is.All.EqualTo(ReplicaState.Pending));
            Assert.That(replicas.Items.Select(r => r.Explanation), Is.All.Contains("was removed"));
            Assert.That(await _harness.Store.ValidateNodeCredentialAsync(_node.NodeId, _node.Credential, cancellationToken), Is.Null);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task HasUnplacedReplicas_AllPlacedThenNodeRemoved_IsFalseThenTrue(CancellationToken cancellationToken)
    {
        await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        var placed = await _harness.Store.HasUnplacedReplicasAsync("prod", cancellationToken);

        await _harness.Store.RemoveNodeAsync(_node.NodeId, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(placed, Is.False);
            Assert.That(await _harness.Store.HasUnplacedReplicasAsync("prod", cancellationToken), Is.True);
        });
    }

    private ReplicaStatus Status(string id, ReplicaState state, DateTimeOffset? at = null) => new()
    {
        ReplicaId = id,
        State = state,
        ContainerId = "c-" + id.GetHashCode(StringComparison.Ordinal).ToString("x", System.Globalization.CultureInfo.InvariantCulture),
        ObservedAt = Timestamp.FromDateTimeOffset(at ?? _harness.Time.GetUtcNow()),
    };
}
