using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Store;

public sealed class StoreRevisionTests
{
    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await StoreHarness.OpenAsync();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task Writes_EachCommittedChange_BumpsTheRevisionByOne(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        var start = store.CurrentRevision;

        var created = await store.CreateEnvironmentAsync("prod", cancellationToken);
        var afterToken = await store.IssueJoinTokenAsync("prod", rotate: false, cancellationToken) is not null ? store.CurrentRevision : -1;
        var applied = await _harness.ApplyAsync("prod", MasonSamples.Shop());

        Assert.Multiple(() =>
        {
            Assert.That(created.StoreRevision, Is.EqualTo(start + 1));
            Assert.That(afterToken, Is.EqualTo(start + 2));
            Assert.That(applied.StoreRevision, Is.EqualTo(start + 3));
            // Placement found no node: the pending explanations are one more commit.
            Assert.That(store.CurrentRevision, Is.EqualTo(start + 4));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Writes_NothingChanged_KeepTheRevision(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        await store.CreateEnvironmentAsync("prod", cancellationToken);
        var node = await _harness.JoinNodeAsync("prod", "n1");
        var before = store.CurrentRevision;

        await store.SetNodeStatusAsync(node.NodeId, Nodes.NodeStatus.Ready, cancellationToken);
        await store.SetPlacementsAsync([], cancellationToken);
        await store.RecordNodesSeenAsync(new Dictionary<NodeId, DateTimeOffset> { [node.NodeId] = _harness.Time.GetUtcNow().AddMinutes(1) }, cancellationToken);

        Assert.That(store.CurrentRevision, Is.EqualTo(before));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CommitRevision_Rows_CarryTheRevisionTheyChangedAt(CancellationToken cancellationToken)
    {
        await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);

        var applied = await _harness.ApplyAsync("prod", MasonSamples.Shop());

        using var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False");
        connection.Open();
        long Max(string sql)
        {
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            return (long)command.ExecuteScalar()!;
        }
        Assert.Multiple(() =>
        {
            Assert.That(Max("SELECT revision FROM apps WHERE name = 'shop'"), Is.EqualTo(applied.StoreRevision));
            Assert.That(Max("SELECT revision FROM revisions WHERE app = 'shop' AND number = 1"), Is.EqualTo(applied.StoreRevision));
            Assert.That(Max("SELECT MIN(revision) FROM services WHERE app = 'shop'"), Is.EqualTo(applied.StoreRevision));
            Assert.That(Max("SELECT value FROM store_meta WHERE key = 'revision'"), Is.EqualTo(_harness.Store.CurrentRevision));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CommitRevision_UnchangedModel_MakesNoRevision(CancellationToken cancellationToken)
    {
        await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var first = await _harness.ApplyAsync("prod", MasonSamples.Shop());
        var revision = _harness.Store.CurrentRevision;

        // Whitespace and comments differ; the model does not.
        var second = await _harness.ApplyAsync("prod", "// again\n" + MasonSamples.Shop());

        Assert.Multiple(() =>
        {
            Assert.That(first.Changed, Is.True);
            Assert.That(second.Changed, Is.False);
            Assert.That(second.App.Revision, Is.EqualTo(1UL));
            Assert.That(_harness.Store.CurrentRevision, Is.EqualTo(revision));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CommitRevision_UnknownEnvironment_ThrowsNotFound(CancellationToken cancellationToken)
    {
        var draft = new RevisionDraft(new AppKey("nowhere", "x"), "t", "apply", "{}", new Dictionary<string, string>(), "{}", []);

        var error = Assert.ThrowsAsync<NotFoundException>(() => _harness.Store.CommitRevisionAsync(draft, cancellationToken));

        Assert.That(error!.Message, Does.Contain("nowhere"));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ChangeFeed_Subscriber_ReceivesCommittedChangesInRevisionOrder(CancellationToken cancellationToken)
    {
        using var subscription = _harness.Store.Subscribe();

        await _harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await _harness.ApplyAsync("prod", MasonSamples.Shop());

        var received = new List<ChangeRecord>();
        while (subscription.Reader.TryRead(out var change))
        {
            received.Add(change);
        }
        Assert.Multiple(() =>
        {
            Assert.That(received.Select(c => c.Revision), Is.Ordered);
            Assert.That(received.Select(c => c.Sequence), Is.Ordered.And.Unique);
            Assert.That(received.Count(c => c.Kind == ResourceKind.Replica && c.Type == ChangeType.Added), Is.EqualTo(3));
            Assert.That(received.Any(c => c.Kind == ResourceKind.App && c.Type == ChangeType.Added), Is.True);
            Assert.That(received[^1].Revision, Is.EqualTo(_harness.Store.CurrentRevision));
        });
    }
}
