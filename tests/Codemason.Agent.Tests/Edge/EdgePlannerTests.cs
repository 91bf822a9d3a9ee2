using Codemason.Agent.Engine;
using Codemason.Agent.Edge;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Edge;

public sealed class EdgePlannerTests
{
    private static readonly EdgeDeployment Desired = new("dev", new EdgeServer
    {
        Image = "local/edge:latest", HttpPort = 80, HttpsPort = 443, SpecHash = "h2", RoutesVersion = "r1",
    });

    private static ObservedSystemContainer Container(string id, string hash = "h2", string state = "running", string environment = "dev") =>
        new(id, $"codemason_edge_{environment}", environment, hash, state);

    [Test]
    public void Plan_NoContainer_Creates()
    {
        Assert.That(EdgePlanner.Plan(Desired, [], _ => false), Is.EqualTo(new EdgeAction[] { new CreateEdge(Desired) }));
    }

    [Test]
    public void Plan_RunningWithTheSameHashAndTheRoutes_Nothing()
    {
        Assert.That(EdgePlanner.Plan(Desired, [Container("c1")], id => id == "c1"), Is.Empty);
    }

    [Test]
    public void Plan_RunningWithoutTheCurrentRoutes_GivesThemWithoutARestart()
    {
        var running = Container("c1");

        Assert.That(EdgePlanner.Plan(Desired, [running], _ => false), Is.EqualTo(new EdgeAction[] { new UpdateEdgeRoutes(running, Desired) }));
    }

    [Test]
    public void Plan_HashDiffers_RemovesThenCreates()
    {
        var old = Container("c1", hash: "h1");

        Assert.That(EdgePlanner.Plan(Desired, [old], _ => true),
            Is.EqualTo(new EdgeAction[] { new RemoveEdge(old, "spec hash h1 is not h2"), new CreateEdge(Desired) }));
    }

    [Test]
    public void Plan_ExitedAndNotRestarted_RemovesThenCreates()
    {
        var exited = Container("c1", state: "exited");

        Assert.That(EdgePlanner.Plan(Desired, [exited], _ => true),
            Is.EqualTo(new EdgeAction[] { new RemoveEdge(exited, "exited, not restarted by the engine"), new CreateEdge(Desired) }));
    }

    [Test]
    public void Plan_NoEdgeWanted_RemovesEveryEdge()
    {
        var one = Container("c1");
        var other = Container("c2", environment: "prod");

        var plan = EdgePlanner.Plan(null, [one, other], _ => true);

        Assert.That(plan, Has.Count.EqualTo(2));
        Assert.That(plan, Has.All.InstanceOf<RemoveEdge>());
    }

    [Test]
    public void Plan_TwoAlive_KeepsOneAndRemovesTheDuplicate()
    {
        var plan = EdgePlanner.Plan(Desired, [Container("c2"), Container("c1")], _ => true);

        Assert.That(plan, Has.Count.EqualTo(1));
        Assert.That(plan[0], Is.InstanceOf<RemoveEdge>());
        Assert.That(((RemoveEdge)plan[0]).Container.Id, Is.EqualTo("c2"));
    }
}
