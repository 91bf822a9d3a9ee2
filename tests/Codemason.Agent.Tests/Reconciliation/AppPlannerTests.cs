using Codemason.Agent.Reconciliation;

namespace Codemason.Agent.Tests.Reconciliation;

public sealed class AppPlannerTests
{
    private static readonly AppKey Shop = new("prod", "shop");

    [Test]
    public void Plan_AppStillAssigned_KeepsNetworkAndVolumes()
    {
        var actions = AppPlanner.Plan(Shop, hasDesiredReplicas: true, deleted: false, networkExists: true, ["data"], containerCount: 2);

        Assert.That(actions, Is.Empty);
    }

    [Test]
    public void Plan_ContainersStillPresent_RemovesNothingYet()
    {
        var actions = AppPlanner.Plan(Shop, hasDesiredReplicas: false, deleted: true, networkExists: true, ["data"], containerCount: 1);

        Assert.That(actions, Is.Empty);
    }

    [Test]
    public void Plan_UnassignedNotDeleted_RemovesNetworkKeepsVolumes()
    {
        var actions = AppPlanner.Plan(Shop, hasDesiredReplicas: false, deleted: false, networkExists: true, ["data"], containerCount: 0);

        Assert.That(actions.Select(a => a.ToString()), Is.EqualTo(new[] { "remove-network prod/shop" }));
    }

    [Test]
    public void Plan_Deleted_RemovesNetworkThenVolumesInOrder()
    {
        var actions = AppPlanner.Plan(Shop, hasDesiredReplicas: false, deleted: true, networkExists: true, ["logs", "data"], containerCount: 0);

        Assert.That(actions.Select(a => a.ToString()), Is.EqualTo(new[]
        {
            "remove-network prod/shop",
            "remove-volume prod/shop data",
            "remove-volume prod/shop logs",
        }));
    }

    [Test]
    public void Plan_NothingLeft_IsNoOp()
    {
        var actions = AppPlanner.Plan(Shop, hasDesiredReplicas: false, deleted: true, networkExists: false, [], containerCount: 0);

        Assert.That(actions, Is.Empty);
    }
}
