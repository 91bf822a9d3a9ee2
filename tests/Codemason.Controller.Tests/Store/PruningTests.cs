using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;

namespace Codemason.Controller.Tests.Store;

public sealed class PruningTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task CommitRevision_MoreThanTheKeptCount_KeepsOnlyTheNewestRevisions(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.RevisionsPerApp = 3);
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);

        for (var i = 1; i <= 5; i++)
        {
            await harness.ApplyAsync("prod", MasonSamples.Shop(webImage: $"web:{i}"));
        }

        var revisions = await harness.Store.ListRevisionsAsync(new AppKey("prod", "shop"), cancellationToken);
        Assert.Multiple(async () =>
        {
            Assert.That(revisions.Select(r => r.Number), Is.EqualTo(new ulong[] { 5, 4, 3 }));
            Assert.That(await harness.Store.GetRevisionAsync(new AppKey("prod", "shop"), 2, cancellationToken), Is.Null);
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task CommitRevision_PrunedRevisionStillRunByAReplica_KeepsItsServiceSpec(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.RevisionsPerApp = 1);
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var node = await harness.JoinNodeAsync("prod", "n1");
        await harness.ApplyAsync("prod", MasonSamples.Shop(webImage: "web:1"));

        // web changes, db does not: db replicas keep running revision 1's spec after revision 1 is pruned.
        await harness.ApplyAsync("prod", MasonSamples.Shop(webImage: "web:2"));

        var assignments = await harness.Store.GetNodeAssignmentsAsync(node.NodeId, cancellationToken);
        var db = assignments.Replicas.Single(r => r.Service == "db");
        Assert.Multiple(() =>
        {
            Assert.That(db.AppRevision, Is.EqualTo(1UL));
            Assert.That(db.Spec.Image, Is.EqualTo("postgres:16"));
            Assert.That(assignments.Replicas.Where(r => r.Service == "web").Select(r => r.AppRevision), Is.All.EqualTo(2UL));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task PruneAsync_EventsOlderThanRetention_AreRemovedAndNewerKept(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.EventRetention = TimeSpan.FromDays(7));
        await harness.Store.AppendEventsAsync([new NewEvent("old", "old event", "prod")], cancellationToken);
        harness.Time.Advance(TimeSpan.FromDays(8));
        await harness.Store.AppendEventsAsync([new NewEvent("new", "new event", "prod")], cancellationToken);

        var result = await harness.Store.PruneAsync(cancellationToken);

        var events = await harness.Store.ListEventsAsync(new EventFilter(), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(result.Events, Is.EqualTo(1));
            Assert.That(events.Items.Select(e => e.Kind), Is.EqualTo(new[] { "new" }));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task PruneAsync_EventsOverTheCount_KeepsTheNewest(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.MaxEvents = 2);
        foreach (var kind in new[] { "a", "b", "c", "d" })
        {
            await harness.Store.AppendEventsAsync([new NewEvent(kind, kind)], cancellationToken);
        }

        await harness.Store.PruneAsync(cancellationToken);

        var events = await harness.Store.ListEventsAsync(new EventFilter(), cancellationToken);
        Assert.That(events.Items.Select(e => e.Kind), Is.EqualTo(new[] { "c", "d" }));
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task PruneAsync_ChangeLogOlderThanRetention_ResumingBeforeItIsHistoryCompacted(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.ChangeRetention = TimeSpan.FromHours(1));
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var old = harness.Store.CurrentRevision;
        harness.Time.Advance(TimeSpan.FromHours(2));
        await harness.Store.CreateEnvironmentAsync("staging", cancellationToken);

        var result = await harness.Store.PruneAsync(cancellationToken);

        var error = Assert.ThrowsAsync<HistoryCompactedException>(() => harness.Store.GetChangesAfterAsync(0, 100, cancellationToken));
        var page = await harness.Store.GetChangesAfterAsync(old, 100, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(result.HistoryFloor, Is.EqualTo(old));
            Assert.That(error!.OldestAvailable, Is.EqualTo(old));
            Assert.That(page.Changes, Is.Not.Empty);
            Assert.That(page.Changes.Select(c => c.Environment), Is.All.EqualTo("staging"));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task PruneAsync_DeletedAppPastRetention_IsForgotten(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.DeletedAppRetention = TimeSpan.FromDays(1));
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var node = await harness.JoinNodeAsync("prod", "n1");
        await harness.ApplyAsync("prod", MasonSamples.Shop());
        await harness.Store.DeleteAppAsync(new AppKey("prod", "shop"), "test", cancellationToken);
        var tombstoned = await harness.Store.GetNodeAssignmentsAsync(node.NodeId, cancellationToken);
        harness.Time.Advance(TimeSpan.FromDays(2));

        var result = await harness.Store.PruneAsync(cancellationToken);

        var after = await harness.Store.GetNodeAssignmentsAsync(node.NodeId, cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(tombstoned.DeletedApps.Select(a => a.App), Is.EqualTo(new[] { "shop" }));
            Assert.That(result.DeletedApps, Is.EqualTo(1));
            Assert.That(after.DeletedApps, Is.Empty);
        });
    }
}
