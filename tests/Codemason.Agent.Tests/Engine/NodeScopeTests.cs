using Codemason.Agent.Engine;

namespace Codemason.Agent.Tests.Engine;

public sealed class NodeScopeTests
{
    private const string Id = "0123456789abcdef";

    private static NodeScope Scope() => new("host-1", new Dictionary<string, string>(), nodeId: Id);

    private static Dictionary<string, string> Labels(string environment, string? nodeId, string node = "host-1") => new()
    {
        [ManagedLabels.Managed] = "true",
        [ManagedLabels.Node] = node,
        [ManagedLabels.Environment] = environment,
        [ManagedLabels.NodeId] = nodeId!,
    };

    private static Dictionary<string, string> LegacyLabels(string environment, string node = "host-1")
    {
        var labels = Labels(environment, null, node);
        labels.Remove(ManagedLabels.NodeId);
        return labels;
    }

    [Test]
    public void Owns_SameNodeNameOtherNodeId_False()
    {
        var scope = Scope();

        Assert.That(scope.Owns(Labels("production", Id)), Is.True);
        Assert.That(scope.Owns(Labels("production", "fedcba9876543210")), Is.False, "another agent on the engine, same host name");
        Assert.That(scope.OtherOwner(Labels("production", "fedcba9876543210")), Is.EqualTo("fedcba9876543210"));
        Assert.That(scope.OtherOwner(Labels("production", Id)), Is.Null);
    }

    [Test]
    public void Owns_Unmanaged_False()
    {
        var labels = Labels("production", Id);
        labels.Remove(ManagedLabels.Managed);

        Assert.That(Scope().Owns(labels), Is.False);
        Assert.That(Scope().Owns(null), Is.False);
    }

    [Test]
    public void Owns_EarlierAgentsObject_OnlyInClaimedEnvironmentsWithItsNodeName()
    {
        var scope = Scope();
        Assert.That(scope.Owns(LegacyLabels("staging")), Is.False, "nothing is claimed before the agent knows what it serves");

        scope.ClaimLegacy(["staging"]);

        Assert.That(scope.Owns(LegacyLabels("staging")), Is.True);
        Assert.That(scope.Owns(LegacyLabels("production")), Is.False, "another environment's agent claims those");
        Assert.That(scope.Owns(LegacyLabels("staging", node: "host-2")), Is.False, "another node name");
    }

    [Test]
    public void ClaimLegacy_Later_KeepsEarlierClaims()
    {
        var scope = Scope();
        scope.ClaimLegacy(["staging"]);
        scope.ClaimLegacy(["qa"]);

        Assert.That(scope.LegacyEnvironments, Is.EquivalentTo(new[] { "staging", "qa" }));
    }

    [Test]
    public void ResolveNodeId_Twice_KeepsTheFirst()
    {
        var scope = new NodeScope("host-1", new Dictionary<string, string>());
        scope.ResolveNodeId("aaaaaaaaaaaaaaaa");
        scope.ResolveNodeId("bbbbbbbbbbbbbbbb");

        Assert.That(scope.BaseLabels()[ManagedLabels.NodeId], Is.EqualTo("aaaaaaaaaaaaaaaa"));
    }
}
