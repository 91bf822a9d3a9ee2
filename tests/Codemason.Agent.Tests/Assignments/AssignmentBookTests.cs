using Codemason.Agent.Assignments;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Assignments;

public sealed class AssignmentBookTests
{
    private static ReplicaAssignment Replica(string service, int index, string hash = "h1") => new()
    {
        ReplicaId = $"prod/shop/{service}#{index}",
        Environment = "prod",
        App = "shop",
        Service = service,
        Index = (uint)index,
        SpecHash = TestIds.Hash(hash).Value,
        Spec = new ContainerSpec { Image = "local/busybox:1" },
    };

    private static AssignmentSet Complete(ulong revision, params ReplicaAssignment[] replicas)
    {
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Complete, Revision = revision };
        set.Upserts.AddRange(replicas);
        return set;
    }

    private static AssignmentSet Incremental(ulong prev, ulong next, ReplicaAssignment[] upserts, params string[] removed)
    {
        var set = new AssignmentSet { Kind = AssignmentSet.Types.Kind.Incremental, PrevRevision = prev, Revision = next };
        set.Upserts.AddRange(upserts);
        set.RemovedReplicaIds.AddRange(removed);
        return set;
    }

    [Test]
    public void Apply_Complete_ReplacesEverythingAndReportsAllDifferences()
    {
        var book = AssignmentBook.Empty.Apply(Complete(5, Replica("web", 1), Replica("db", 1))).Book;

        var outcome = book.Apply(Complete(9, Replica("web", 1), Replica("web", 2)));

        Assert.That(outcome.Applied, Is.True);
        Assert.That(outcome.Book.Revision, Is.EqualTo(9));
        Assert.That(outcome.Book.Replicas.Keys.Select(k => k.Value), Is.EqualTo(new[] { "prod/shop/web#1", "prod/shop/web#2" }));
        Assert.That(outcome.ChangedReplicaIds.Select(k => k.Value), Is.EquivalentTo(new[] { "prod/shop/web#2", "prod/shop/db#1" }));
    }

    [Test]
    public void Apply_IncrementalOnMatchingRevision_UpsertsAndRemoves()
    {
        var book = AssignmentBook.Empty.Apply(Complete(5, Replica("web", 1), Replica("db", 1))).Book;

        var outcome = book.Apply(Incremental(5, 6, [Replica("web", 1, "h2")], "prod/shop/db#1"));

        Assert.That(outcome.Applied, Is.True);
        Assert.That(outcome.Book.Revision, Is.EqualTo(6));
        Assert.That(outcome.Book.Replicas[ReplicaId.Parse("prod/shop/web#1")].SpecHash, Is.EqualTo(TestIds.Hash("h2").Value));
        Assert.That(outcome.Book.Replicas.ContainsKey(ReplicaId.Parse("prod/shop/db#1")), Is.False);
        Assert.That(outcome.ChangedReplicaIds.Select(k => k.Value), Is.EquivalentTo(new[] { "prod/shop/web#1", "prod/shop/db#1" }));
    }

    [Test]
    public void Apply_IncrementalWithGap_RejectedAndBookUnchanged()
    {
        var book = AssignmentBook.Empty.Apply(Complete(5, Replica("web", 1))).Book;

        var outcome = book.Apply(Incremental(7, 8, [Replica("web", 2)]));

        Assert.That(outcome.Applied, Is.False);
        Assert.That(outcome.Rejection, Does.Contain("have revision 5").And.Contain("expects 7"));
        Assert.That(outcome.Book, Is.SameAs(book));
    }

    [Test]
    public void Apply_SameCompleteAgain_ChangesNothing()
    {
        var book = AssignmentBook.Empty.Apply(Complete(5, Replica("web", 1))).Book;

        var outcome = book.Apply(Complete(5, Replica("web", 1)));

        Assert.That(outcome.ChangedReplicaIds, Is.Empty);
    }

    [Test]
    public void ToCompleteSet_RoundTrips()
    {
        var set = Complete(5, Replica("web", 1), Replica("db", 1));
        set.DeletedApps.Add(new AppRef { Environment = "prod", App = "old" });
        var book = AssignmentBook.Empty.Apply(set).Book;

        var again = AssignmentBook.Empty.Apply(book.ToCompleteSet()).Book;

        Assert.That(again.Revision, Is.EqualTo(5));
        Assert.That(again.Replicas, Is.EquivalentTo(book.Replicas));
        Assert.That(again.DeletedApps, Is.EquivalentTo(book.DeletedApps));
    }

    [Test]
    public void Apply_MalformedIdsAndHashes_LeftOutAndReportedWithTheRestApplied()
    {
        var zeroIndex = Replica("web", 1);
        zeroIndex.ReplicaId = "prod/shop/web#0";
        var badHash = Replica("db", 1);
        badHash.SpecHash = "h1";
        var set = Complete(5, Replica("web", 2), zeroIndex, badHash);
        set.DeletedApps.Add(new AppRef { Environment = "Prod", App = "old" });

        var outcome = AssignmentBook.Empty.Apply(set);

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Applied, Is.True);
            Assert.That(outcome.Book.Replicas.Keys.Select(k => k.Value), Is.EqualTo(new[] { "prod/shop/web#2" }));
            Assert.That(outcome.Book.DeletedApps, Is.Empty);
            Assert.That(outcome.Malformed, Has.Count.EqualTo(3));
            Assert.That(outcome.Malformed, Has.Some.Contains("\"prod/shop/web#0\""));
            Assert.That(outcome.Malformed, Has.Some.Contains("spec hash \"h1\""));
            Assert.That(outcome.Malformed, Has.Some.Contains("\"Prod/old\""));
        });
    }

    [Test]
    public void Apply_IncrementalRemovingMalformedId_ReportsIt()
    {
        var book = AssignmentBook.Empty.Apply(Complete(5, Replica("web", 1))).Book;

        var outcome = book.Apply(Incremental(5, 6, [], "prod/shop/web# 1"));

        Assert.Multiple(() =>
        {
            Assert.That(outcome.Book.Replicas, Has.Count.EqualTo(1));
            Assert.That(outcome.Malformed, Is.EqualTo(new[] { "removed replica id \"prod/shop/web# 1\" is malformed: expected <environment>/<app>/<service>#<index>" }));
        });
    }
}
