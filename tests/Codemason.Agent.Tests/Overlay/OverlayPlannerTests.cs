using System.Net;
using Codemason.Agent.Overlay;

namespace Codemason.Agent.Tests.Overlay;

public sealed class OverlayPlannerTests
{
    private static readonly OverlayNames Names = new("codemason");
    private static readonly IPAddress Peer2 = IPAddress.Parse("10.213.0.12");
    private static readonly IPAddress Peer3 = IPAddress.Parse("10.213.0.13");

    private static OverlayNetwork Desired(params IPAddress[] peers) => new(
        "shop", IPNetwork.Parse("10.208.0.0/16"), 4096, IPAddress.Parse("10.208.0.1"), 1450,
        peers.Length == 0 ? [Peer2, Peer3] : peers, IPAddress.Parse("10.213.0.11"));

    private static ObservedBridgeNetwork Network(string subnet = "10.208.0.0/16", string gateway = "10.208.0.1", int containers = 0) =>
        new("n1", subnet, gateway, "cmbr4096", 1450, containers);

    private static ObservedVxlanDevice Vxlan(string local = "10.213.0.11", int vni = 4096, string? master = "cmbr4096", int mtu = 1450, bool up = true) =>
        new(vni, IPAddress.Parse(local), 4789, master, mtu, up);

    private static ObservedOverlay Converged() =>
        new(Network(), Vxlan(), new HashSet<IPAddress> { Peer2, Peer3 }, OverlayRules.For(Desired(), "cmbr4096"));

    private static readonly string[] RuleNames =
    [
        "cmbr4096 no-vxlan-out", "cmbr4096 refuse-tcp 10.208.0.1", "cmbr4096 refuse-udp 10.208.0.1", "cmbr4096 replies 10.208.0.1",
        "cmbr4096 vxlan-drop", "cmbr4096 vxlan-from 10.213.0.12 to 10.213.0.11", "cmbr4096 vxlan-from 10.213.0.13 to 10.213.0.11",
    ];

    private static IEnumerable<string> Steps(OverlayPlan plan) => plan.Actions.Select(a => a.ToString());

    [Test]
    public void Plan_NothingOnTheNode_CreatesNetworkDeviceFloodEntriesAndRuleInOrder()
    {
        var plan = OverlayPlanner.Plan(Desired(), ObservedOverlay.Nothing, Names);

        Assert.That(Steps(plan), Is.EqualTo((string[])
        [
            "CreateNetwork", "CreateVxlan", "SetVxlanLink", "AddFlood 10.213.0.12", "AddFlood 10.213.0.13",
            .. RuleNames.Select(rule => $"InsertRule {rule}"),
        ]));
        Assert.That(plan.Problems, Is.Empty);
    }

    [Test]
    public void Plan_NodeMatches_IsEmpty()
    {
        Assert.That(OverlayPlanner.Plan(Desired(), Converged(), Names).IsEmpty, Is.True);
    }

    [Test]
    public void Plan_SubnetDiffersAndNoContainer_RecreatesNetworkAndEnslavesTheDeviceAgain()
    {
        var observed = Converged() with { Network = Network(subnet: "10.209.0.0/16") };

        var plan = OverlayPlanner.Plan(Desired(), observed, Names);

        Assert.That(Steps(plan), Is.EqualTo(new[] { "RemoveNetwork", "CreateNetwork", "SetVxlanLink" }));
    }

    [Test]
    public void Plan_GatewayDiffersWithContainersAttached_ReportsAndKeepsTheNetwork()
    {
        var observed = Converged() with { Network = Network(gateway: "10.208.0.9", containers: 2) };

        var plan = OverlayPlanner.Plan(Desired(), observed, Names);

        Assert.That(plan.Actions, Is.Empty);
        Assert.That(plan.Problems, Has.Count.EqualTo(1));
        Assert.That(plan.Problems[0], Does.Contain("gateway 10.208.0.9, wanted 10.208.0.1").And.Contain("2 container(s) are attached"));
    }

    [Test]
    public void Plan_DeviceWithAnotherLocalAddress_RecreatesItWithEveryFloodEntry()
    {
        var observed = Converged() with { Vxlan = Vxlan(local: "10.213.0.99") };

        var plan = OverlayPlanner.Plan(Desired(), observed, Names);

        Assert.That(Steps(plan), Is.EqualTo(new[] { "RemoveVxlan", "CreateVxlan", "SetVxlanLink", "AddFlood 10.213.0.12", "AddFlood 10.213.0.13" }));
    }

    [TestCase(null, 1450, true)]
    [TestCase("cmbr4096", 1500, true)]
    [TestCase("cmbr4096", 1450, false)]
    public void Plan_DeviceOutOfBridgeWrongMtuOrDown_SetsTheLinkOnly(string? master, int mtu, bool up)
    {
        var observed = Converged() with { Vxlan = Vxlan(master: master, mtu: mtu, up: up) };

        Assert.That(Steps(OverlayPlanner.Plan(Desired(), observed, Names)), Is.EqualTo(new[] { "SetVxlanLink" }));
    }

    [Test]
    public void Plan_PeerGoneAndPeerNew_RemovesAndAddsFloodEntriesAndTheirVxlanAccepts()
    {
        var peer4 = IPAddress.Parse("10.213.0.14");

        var plan = OverlayPlanner.Plan(Desired(Peer2, peer4), Converged(), Names);

        Assert.That(Steps(plan), Is.EqualTo(new[]
        {
            "AddFlood 10.213.0.14", "RemoveFlood 10.213.0.13",
            "DeleteRule cmbr4096 vxlan-from 10.213.0.13 to 10.213.0.11", "InsertRule cmbr4096 vxlan-from 10.213.0.14 to 10.213.0.11",
        }));
    }

    [Test]
    public void Plan_ReplicasPlacedAcrossNodes_PointsRemoteOnesAtTheirNodeAndForgetsLocalOnesLearnedBehindTheDevice()
    {
        var desired = Desired() with
        {
            Locations = new Dictionary<IPAddress, IPAddress>
            {
                [IPAddress.Parse("10.208.0.5")] = Peer2,
                [IPAddress.Parse("10.208.0.6")] = IPAddress.Parse("10.213.0.11"),
                [IPAddress.Parse("10.208.0.7")] = IPAddress.Parse("10.213.0.99"),
                [IPAddress.Parse("10.208.0.8")] = Peer3,
            },
        };
        var observed = Converged() with
        {
            Forwards = new Dictionary<string, IPAddress> { ["02:42:0a:d0:00:08"] = Peer3, ["02:42:0a:d0:00:09"] = Peer2 },
            LearnedBehindDevice = new HashSet<string> { "02:42:0a:d0:00:05", "02:42:0a:d0:00:06" },
        };

        Assert.That(Steps(OverlayPlanner.Plan(desired, observed, Names)), Is.EqualTo(new[]
        {
            "SetForward 02:42:0a:d0:00:05 10.213.0.12", // placed on node 2, not pointed at yet
            "RemoveForward 02:42:0a:d0:00:09 10.213.0.12", // no replica has that address any more
            "ForgetLearned 02:42:0a:d0:00:06", // placed here now: the bridge must not send it to the device
        }), "10.208.0.7's node is no peer: nothing to point at; 10.208.0.8 is pointed right already");
    }

    [Test]
    public void Plan_ReplicaMovedToAnotherNode_ItsEntryIsReplaced()
    {
        var desired = Desired() with { Locations = new Dictionary<IPAddress, IPAddress> { [IPAddress.Parse("10.208.0.5")] = Peer3 } };
        var observed = Converged() with { Forwards = new Dictionary<string, IPAddress> { ["02:42:0a:d0:00:05"] = Peer2 } };

        Assert.That(Steps(OverlayPlanner.Plan(desired, observed, Names)), Is.EqualTo(new[] { "SetForward 02:42:0a:d0:00:05 10.213.0.13" }));
    }

    [Test]
    public void Plan_RuleMissing_InsertsItOnly()
    {
        var observed = Converged() with { Rules = [.. Converged().Rules.Where(rule => !rule.Comment.Contains("refuse-tcp", StringComparison.Ordinal))] };

        Assert.That(Steps(OverlayPlanner.Plan(Desired(), observed, Names)), Is.EqualTo(new[] { "InsertRule cmbr4096 refuse-tcp 10.208.0.1" }));
    }

    [Test]
    public void Plan_VxlanDropMissing_InsertsItThenThePeersAcceptsAgainAboveIt()
    {
        var observed = Converged() with { Rules = [.. Converged().Rules.Where(rule => !rule.Comment.EndsWith("vxlan-drop", StringComparison.Ordinal))] };

        Assert.That(Steps(OverlayPlanner.Plan(Desired(), observed, Names)), Is.EqualTo(new[]
        {
            "InsertRule cmbr4096 vxlan-drop",
            "DeleteRule cmbr4096 vxlan-from 10.213.0.12 to 10.213.0.11", "InsertRule cmbr4096 vxlan-from 10.213.0.12 to 10.213.0.11",
            "DeleteRule cmbr4096 vxlan-from 10.213.0.13 to 10.213.0.11", "InsertRule cmbr4096 vxlan-from 10.213.0.13 to 10.213.0.11",
        }));
    }

    [Test]
    public void Plan_RulesOfAnOldGatewayAndACopy_DeletesThemAndInsertsTheNewOnes()
    {
        var old = OverlayRules.For(Desired() with { Gateway = IPAddress.Parse("10.208.0.7") }, "cmbr4096");
        var observed = Converged() with
        {
            Rules = [.. old, old[0]],
        };

        Assert.That(Steps(OverlayPlanner.Plan(Desired(), observed, Names)), Is.EqualTo(new[]
        {
            "DeleteRule cmbr4096 refuse-tcp 10.208.0.7", "DeleteRule cmbr4096 refuse-udp 10.208.0.7", "DeleteRule cmbr4096 replies 10.208.0.7",
            "DeleteRule cmbr4096 no-vxlan-out",
            "InsertRule cmbr4096 refuse-tcp 10.208.0.1", "InsertRule cmbr4096 refuse-udp 10.208.0.1", "InsertRule cmbr4096 replies 10.208.0.1",
        }));
    }

    [Test]
    public void PlanRemoval_EverythingPresent_RemovesDeviceEveryRuleAndNetwork()
    {
        var plan = OverlayPlanner.PlanRemoval("shop", Converged(), Names);

        Assert.That(Steps(plan), Is.EqualTo((string[])["RemoveVxlan", .. RuleNames.Select(rule => $"DeleteRule {rule}"), "RemoveNetwork"]));
    }

    [Test]
    public void PlanRemoval_ContainersAttached_KeepsTheNetworkAndSaysWhy()
    {
        var plan = OverlayPlanner.PlanRemoval("shop", Converged() with { Network = Network(containers: 1) }, Names);

        Assert.That(Steps(plan), Is.EqualTo((string[])["RemoveVxlan", .. RuleNames.Select(rule => $"DeleteRule {rule}")]));
        Assert.That(plan.Problems, Has.One.Contains("codemason-overlay-shop still has 1 container(s) attached"));
    }

    [Test]
    public void PlanRemoval_NothingLeft_IsEmpty()
    {
        Assert.That(OverlayPlanner.PlanRemoval("shop", ObservedOverlay.Nothing, Names).IsEmpty, Is.True);
    }
}
