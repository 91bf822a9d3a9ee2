using Codemason.Agent.Engine;
using Codemason.Agent.Registry;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryPlannerTests
{
    private static readonly RegistryDeployment Desired = new("staging", "local/registry:2.8", 7402, "yaml", "crt", "key", "ca", "https://c/registry/token", "h2");

    private static ObservedSystemContainer Container(string id, string hash = "h2", string state = "running", string environment = "staging") =>
        new(id, $"codemason_registry_{environment}", environment, hash, state);

    [Test]
    public void Plan_NoContainer_Creates()
    {
        Assert.That(RegistryPlanner.Plan(Desired, []), Is.EqualTo(new RegistryAction[] { new CreateRegistry(Desired) }));
    }

    [Test]
    public void Plan_RunningWithTheSameHash_Nothing()
    {
        Assert.That(RegistryPlanner.Plan(Desired, [Container("c1")]), Is.Empty);
    }

    [TestCase("restarting")]
    [TestCase("paused")]
    public void Plan_EngineIsRestartingItOrItIsPaused_Nothing(string state)
    {
        Assert.That(RegistryPlanner.Plan(Desired, [Container("c1", state: state)]), Is.Empty);
    }

    [Test]
    public void Plan_HashDiffers_RemovesThenCreates()
    {
        var old = Container("c1", hash: "h1");

        var plan = RegistryPlanner.Plan(Desired, [old]);

        Assert.That(plan, Is.EqualTo(new RegistryAction[] { new RemoveRegistry(old, "spec hash h1 is not h2"), new CreateRegistry(Desired) }));
    }

    [TestCase("exited")]
    [TestCase("created")]
    [TestCase("dead")]
    public void Plan_StoppedAndNotRestarting_Recreates(string state)
    {
        var stopped = Container("c1", state: state);

        var plan = RegistryPlanner.Plan(Desired, [stopped]);

        Assert.That(plan.Select(a => a.GetType()), Is.EqualTo(new[] { typeof(RemoveRegistry), typeof(CreateRegistry) }));
    }

    [Test]
    public void Plan_NoServer_RemovesTheContainerOnly()
    {
        var running = Container("c1");

        var plan = RegistryPlanner.Plan(null, [running]);

        Assert.That(plan, Is.EqualTo(new RegistryAction[] { new RemoveRegistry(running, "this node runs no registry") }),
            "no action removes the volume: a registry that comes back finds its images");
    }

    [Test]
    public void Plan_NoServerAndNoContainer_Nothing()
    {
        Assert.That(RegistryPlanner.Plan(null, []), Is.Empty);
    }

    [Test]
    public void Plan_AnotherEnvironmentsContainerAndADuplicate_BothRemovedOneKept()
    {
        var other = Container("c0", environment: "old");
        var first = Container("c1");
        var duplicate = Container("c2");

        var plan = RegistryPlanner.Plan(Desired, [duplicate, other, first]);

        Assert.That(plan, Is.EquivalentTo(new RegistryAction[]
        {
            new RemoveRegistry(other, "environment old is not staging"),
            new RemoveRegistry(duplicate, "duplicate of codemason_registry_staging"),
        }));
    }
}
