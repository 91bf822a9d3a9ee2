using System.Net;
using Codemason.Agent.Overlay;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Overlay;

public sealed class OverlayNetworkMapperTests
{
    private static EnvironmentNetwork Wire() => new()
    {
        Environment = "shop",
        Subnet = "10.208.0.0/16",
        Vni = 4096,
        Gateway = "10.208.0.2",
        Mtu = 1450,
        Peers = { "10.213.0.11", "10.213.0.13" },
    };

    [Test]
    public void TryMap_ValidMessage_MapsEveryField()
    {
        var mapped = OverlayNetworkMapper.TryMap(Wire(), "10.213.0.12", out var network, out var problems);

        Assert.That(mapped, Is.True, string.Join("; ", problems));
        Assert.That(network!.Environment, Is.EqualTo("shop"));
        Assert.That(network.Subnet, Is.EqualTo(IPNetwork.Parse("10.208.0.0/16")));
        Assert.That(network.Vni, Is.EqualTo(4096));
        Assert.That(network.Gateway, Is.EqualTo(IPAddress.Parse("10.208.0.2")));
        Assert.That(network.Mtu, Is.EqualTo(1450));
        Assert.That(network.Peers, Is.EqualTo(new[] { IPAddress.Parse("10.213.0.11"), IPAddress.Parse("10.213.0.13") }));
        Assert.That(network.Local, Is.EqualTo(IPAddress.Parse("10.213.0.12")));
    }

    [Test]
    public void TryMap_Locations_MappedByAddressAndMalformedOnesReported()
    {
        var wire = Wire();
        wire.Locations.Add(new MemberLocation { Address = "10.208.0.5", Node = "10.213.0.11" });
        var bad = wire.Clone();
        bad.Locations.Add(new MemberLocation { Address = "10.209.0.5", Node = "10.213.0.11" });
        bad.Locations.Add(new MemberLocation { Address = "10.208.0.5", Node = "10.213.0.13" });
        bad.Locations.Add(new MemberLocation { Address = "10.208.0.6", Node = "node-1" });

        OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out var network, out _);
        var mapped = OverlayNetworkMapper.TryMap(bad, "10.213.0.12", out _, out var problems);

        Assert.That(network!.Locations, Is.EquivalentTo(new Dictionary<IPAddress, IPAddress> { [IPAddress.Parse("10.208.0.5")] = IPAddress.Parse("10.213.0.11") }));
        Assert.That(mapped, Is.False);
        Assert.That(problems, Is.EqualTo(new[]
        {
            "locations[1].address: 10.209.0.5 is outside the subnet 10.208.0.0/16",
            "locations[2].address: 10.208.0.5 is placed twice",
            "locations[3].node: 'node-1' is not an IPv4 address",
        }));
    }

    [Test]
    public void TryMap_NoMtu_UsesTheDefault()
    {
        var wire = Wire();
        wire.Mtu = 0;

        OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out var network, out _);

        Assert.That(network!.Mtu, Is.EqualTo(OverlayNetwork.DefaultMtu));
    }

    [Test]
    public void TryMap_EveryFieldMalformed_ReportsEachProblemWithItsField()
    {
        var wire = new EnvironmentNetwork { Environment = "Shop!", Subnet = "10.208.0.0/33", Vni = 1u << 24, Gateway = "10.208.0", Mtu = 100, Peers = { "peer", "::1" } };

        var mapped = OverlayNetworkMapper.TryMap(wire, "nowhere", out var network, out var problems);

        Assert.That(mapped, Is.False);
        Assert.That(network, Is.Null);
        Assert.That(problems.Select(p => p.Split(':')[0]), Is.EqualTo(new[]
        {
            "environment", "subnet", "vni", "gateway", "mtu", "local advertise address", "peers[0]", "peers[1]",
        }));
    }

    [TestCase("10.209.0.1", "outside the subnet")]
    [TestCase("10.208.0.0", "network or broadcast")]
    [TestCase("10.208.255.255", "network or broadcast")]
    public void TryMap_GatewayNotAHostOfTheSubnet_Rejected(string gateway, string expected)
    {
        var wire = Wire();
        wire.Gateway = gateway;

        OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out _, out var problems);

        Assert.That(problems, Has.One.StartsWith("gateway:").And.Contains(expected));
    }

    [Test]
    public void TryMap_SubnetWithHostBits_Rejected()
    {
        var wire = Wire();
        wire.Subnet = "10.208.0.5/16";

        OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out _, out var problems);

        Assert.That(problems, Has.Some.StartsWith("subnet:"));
    }

    [Test]
    public void TryMap_PeerIsThisNodeOrRepeated_RejectsSelfAndDropsTheRepeat()
    {
        var wire = Wire();
        wire.Peers.Add("10.213.0.11");

        Assert.That(OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out var network, out _), Is.True);
        Assert.That(network!.Peers, Has.Count.EqualTo(2));

        wire.Peers.Add("10.213.0.12");
        OverlayNetworkMapper.TryMap(wire, "10.213.0.12", out _, out var problems);
        Assert.That(problems, Is.EqualTo(new[] { "peers[3]: 10.213.0.12 is this node's own advertise address" }));
    }
}
