using Codemason.Controller.Builds;
using Codemason.Proto.V1;

namespace Codemason.Controller.Tests.Builds;

public sealed class RolloutProgressTests
{
    private static readonly App Target = new()
    {
        Environment = "staging", Name = "shop", Revision = 3,
        Services = { new Service { Name = "web", Scale = 2, SpecHash = "sha256:new" }, new Service { Name = "db", Scale = 1 } },
    };

    [Test]
    public void Observe_ChangedServiceRunsItsScale_Done()
    {
        var progress = new RolloutProgress(Target, ["web"]);

        var first = progress.Observe([Replica("web", 1, 3, ReplicaState.Running), Replica("web", 2, 3, ReplicaState.Starting), Replica("web", 2, 2, ReplicaState.Running)]);
        Assert.That((progress.Done, first), Is.EqualTo((false, new[] { "web#1 running on n1", "web#2 starting on n1" })));

        var second = progress.Observe([Replica("web", 1, 3, ReplicaState.Running), Replica("web", 2, 3, ReplicaState.Running)]);
        Assert.That((progress.Done, second), Is.EqualTo((true, new[] { "web#2 running on n1" })), "only what changed is shown");
    }

    [Test]
    public void Observe_RevisionAssignedButTheOldContainerStillRuns_NotDoneYet()
    {
        var progress = new RolloutProgress(Target, ["web"]);
        var old = Replica("web", 1, 3, ReplicaState.Running);
        old.SpecHash = "sha256:old";

        var lines = progress.Observe([old]);

        Assert.That((progress.Done, lines), Is.EqualTo((false, new[] { "web#1 replacing its container on n1" })));
    }

    [Test]
    public void Observe_AReplicaOfTheRevisionFails_Failure()
    {
        var progress = new RolloutProgress(Target, ["web"]);
        var failed = Replica("web", 1, 3, ReplicaState.Failed);
        failed.Message = "exited with code 1";

        progress.Observe([failed]);

        Assert.That(progress.Failure, Is.EqualTo("web#1 failed: exited with code 1"));
    }

    private static Replica Replica(string service, uint index, ulong revision, ReplicaState state) => new()
    {
        Id = $"staging/shop/{service}#{index}", Service = service, Index = index, AppRevision = revision, State = state, NodeId = "n1",
        SpecHash = "sha256:new",
    };
}
