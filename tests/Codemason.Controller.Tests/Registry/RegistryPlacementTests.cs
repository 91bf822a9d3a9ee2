using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryPlacementTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 6, 0, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(365);
    private static readonly NodeId A = NodeId.Parse("aaaaaaaaaaaaaaaa");
    private static readonly NodeId B = NodeId.Parse("bbbbbbbbbbbbbbbb");
    private static readonly NodeId C = NodeId.Parse("cccccccccccccccc");

    private static RegistryCandidate Node(NodeId id, string address, bool ready = true, bool schedulable = true, params string[] labels) =>
        new(id, address, labels.ToDictionary(l => l, _ => "true"), ready, schedulable);

    private static RegistryHost Host(NodeId node, string address, DateTimeOffset? issuedAt = null) =>
        new("staging", node, address, "cert", "key", issuedAt ?? Now);

    [Test]
    public void Decide_NoRegistryYet_PrefersTheRegistryLabelThenBuildLabel()
    {
        var nodes = new[] { Node(A, "10.0.0.1"), Node(B, "10.0.0.2", labels: "build"), Node(C, "10.0.0.3", labels: "registry") };

        Assert.That(RegistryPlacement.Decide(null, nodes, 7402, Now, Lifetime), Is.EqualTo(new RegistryPlacement(C, "10.0.0.3:7402", true)));
        Assert.That(RegistryPlacement.Decide(null, nodes[..2], 7402, Now, Lifetime), Is.EqualTo(new RegistryPlacement(B, "10.0.0.2:7402", true)));
    }

    [Test]
    public void Decide_NoRegistryYet_ReadySchedulableReachableNodeBeforeOthers()
    {
        var nodes = new[] { Node(A, "10.0.0.1", ready: false), Node(B, "127.0.0.1"), Node(C, "10.0.0.3") };

        Assert.That(RegistryPlacement.Decide(null, nodes, 7402, Now, Lifetime)!.Node, Is.EqualTo(C));
    }

    [Test]
    public void Decide_NoNodeWithAnAddress_Null() =>
        Assert.That(RegistryPlacement.Decide(null, [Node(A, ""), Node(B, "not-an-ip")], 7402, Now, Lifetime), Is.Null);

    [Test]
    public void Decide_ItsNodeIsDown_StaysWithoutANewCertificate()
    {
        var nodes = new[] { Node(A, "10.0.0.1", ready: false), Node(B, "10.0.0.2", labels: "registry") };

        Assert.That(RegistryPlacement.Decide(Host(A, "10.0.0.1:7402"), nodes, 7402, Now, Lifetime),
            Is.EqualTo(new RegistryPlacement(A, "10.0.0.1:7402", false)));
    }

    [Test]
    public void Decide_ItsNodeWasRemoved_MovesWithANewCertificate() =>
        Assert.That(RegistryPlacement.Decide(Host(A, "10.0.0.1:7402"), [Node(B, "10.0.0.2")], 7402, Now, Lifetime),
            Is.EqualTo(new RegistryPlacement(B, "10.0.0.2:7402", true)));

    [Test]
    public void Decide_ItsNodeChangedAddressOrTheCertificateIsOld_NewCertificate()
    {
        Assert.That(RegistryPlacement.Decide(Host(A, "10.0.0.1:7402"), [Node(A, "10.0.0.9")], 7402, Now, Lifetime),
            Is.EqualTo(new RegistryPlacement(A, "10.0.0.9:7402", true)));
        Assert.That(RegistryPlacement.Decide(Host(A, "10.0.0.1:7402", Now - TimeSpan.FromDays(200)), [Node(A, "10.0.0.1")], 7402, Now, Lifetime),
            Is.EqualTo(new RegistryPlacement(A, "10.0.0.1:7402", true)));
    }

    [Test]
    public void AddressOf_Ipv6_InBrackets() =>
        Assert.That(RegistryPlacement.AddressOf("fd00::5", 7402), Is.EqualTo("[fd00::5]:7402"));
}
