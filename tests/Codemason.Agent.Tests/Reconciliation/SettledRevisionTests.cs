using Codemason.Agent.Assignments;
using Codemason.Agent.Reconciliation;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Reconciliation;

public sealed class SettledRevisionTests
{
    private static AssignmentBook Book(ulong revision, params int[] webIndexes)
    {
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = revision };
        set.Upserts.AddRange(webIndexes.Select(i => new ReplicaAssignment
        {
            ReplicaId = $"prod/shop/web#{i}",
            Environment = "prod",
            App = "shop",
            Service = "web",
            Index = (uint)i,
            SpecHash = TestIds.Hash("h1").Value,
            Spec = new ContainerSpec { Image = "local/busybox:1" },
        }));
        return AssignmentBook.Empty.Apply(set).Book;
    }

    [Test]
    public void Holds_ContainerOfAReplicaTheBookDropped_NotSettled()
    {
        var book = Book(7, 1);

        Assert.Multiple(() =>
        {
            Assert.That(SettledRevision.Holds(book, [ReplicaId.Parse("prod/shop/web#1"), ReplicaId.Parse("prod/shop/web#2")]), Is.False);
            Assert.That(SettledRevision.Holds(book, [ReplicaId.Parse("prod/shop/web#1")]), Is.True);
            Assert.That(SettledRevision.Holds(book, []), Is.True, "a replica not started yet holds nothing back");
        });
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Report_OlderRevision_IgnoredAndWaitersWakeOnNewerOnes(CancellationToken ct)
    {
        var settled = new SettledRevision();
        var waiting = settled.WaitAboveAsync(0, ct);

        settled.Report(5);
        settled.Report(3);

        Assert.Multiple(async () =>
        {
            Assert.That(await waiting, Is.EqualTo(5));
            Assert.That(settled.Value, Is.EqualTo(5));
            Assert.That(settled.WaitAboveAsync(5, ct).IsCompleted, Is.False);
        });
    }
}
