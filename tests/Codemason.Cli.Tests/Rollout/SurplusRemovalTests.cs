using Codemason.Cli.Rollout;
using Codemason.Proto.V1;

namespace Codemason.Cli.Tests.Rollout;

[TestFixture]
public sealed class SurplusRemovalTests
{
    [Test]
    public void NodesOfSurplus_ScaleDown_NodesOfTheReplicasAboveTheNewScaleOfThatService()
    {
        Replica[] replicas =
        [
            Replicas.Replica("web", 1, ReplicaState.Running, 1, node: "n1"),
            Replicas.Replica("web", 2, ReplicaState.Running, 1, node: "n2"),
            Replicas.Replica("web", 3, ReplicaState.Running, 1, node: "n3"),
            Replicas.Replica("web", 4, ReplicaState.Pending, 1),
            Replicas.Replica("db", 2, ReplicaState.Running, 1, node: "n4"),
        ];

        Assert.That(SurplusRemoval.NodesOfSurplus(replicas, "web", 1), Is.EquivalentTo(new[] { "n2", "n3" }));
    }

    [Test]
    public void NodesOfRemoved_Rollback_NodesOfReplicasOfGoneServicesAndAboveTheScale()
    {
        Replica[] before =
        [
            Replicas.Replica("web", 1, ReplicaState.Running, 2, node: "n1"),
            Replicas.Replica("web", 2, ReplicaState.Running, 2, node: "n2"),
            Replicas.Replica("worker", 1, ReplicaState.Running, 2, node: "n3"),
            Replicas.Replica("db", 1, ReplicaState.Running, 2, node: "n4"),
        ];
        var after = Replicas.App(3, ("web", 1, "h1"), ("db", 1, "h2"));

        Assert.That(SurplusRemoval.NodesOfRemoved(before, after), Is.EquivalentTo(new[] { "n2", "n3" }));
    }

    [Test]
    public void StillRemoving_Nodes_OnlyReadyReportingNodesBehindTheRevision()
    {
        Node[] nodes =
        [
            new() { Id = "behind", Status = NodeStatus.Ready, SettledRevision = 41 },
            new() { Id = "settled", Status = NodeStatus.Ready, SettledRevision = 42 },
            new() { Id = "down", Status = NodeStatus.Down, SettledRevision = 3 },
            new() { Id = "old-agent", Status = NodeStatus.Ready, SettledRevision = 0 },
            new() { Id = "not-hosting", Status = NodeStatus.Ready, SettledRevision = 1 },
        ];
        var hosting = new HashSet<string> { "behind", "settled", "down", "old-agent", "gone" };

        Assert.That(SurplusRemoval.StillRemoving(nodes, hosting, 42).Select(n => n.Id), Is.EqualTo(new[] { "behind" }));
    }
}
