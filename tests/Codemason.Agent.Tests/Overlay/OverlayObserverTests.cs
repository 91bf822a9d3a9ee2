using System.Net;
using Codemason.Agent.Overlay;

namespace Codemason.Agent.Tests.Overlay;

public sealed class OverlayObserverTests
{
    // Trimmed from `ip -j -d link show dev cmvx4096` (iproute2 6.1).
    private const string Link = """
        [{"ifindex":3,"ifname":"cmvx4096","flags":["BROADCAST","MULTICAST","UP","LOWER_UP"],"mtu":1450,"master":"cmbr4096",
          "linkinfo":{"info_kind":"vxlan","info_data":{"id":4096,"local":"10.213.0.11","port":4789,"learning":true},
          "info_slave_kind":"bridge"}}]
        """;

    // From `bridge -j fdb show dev cmvx4096`: the device's own MAC, one the bridge learned behind it, one the device
    // learned, one pointed at a node by the agent and two flood entries.
    private const string Fdb = """
        [{"mac":"6e:fe:b1:8a:40:eb","flags":[],"master":"cmbr4096","state":"permanent"},
         {"mac":"02:42:0a:d0:00:0c","flags":[],"master":"cmbr4096","state":""},
         {"mac":"02:42:0a:d0:00:0b","dst":"10.213.0.12","flags":["self"],"state":""},
         {"mac":"02:42:0a:d0:00:0d","dst":"10.213.0.13","flags":["self"],"state":"permanent"},
         {"mac":"00:00:00:00:00:00","dst":"10.213.0.12","flags":["self"],"state":"permanent"},
         {"mac":"00:00:00:00:00:00","dst":"10.213.0.13","flags":["self"],"state":"permanent"}]
        """;

    [Test]
    public void ParseLink_VxlanDevice_ReadsIdSourcePortMasterMtuAndState()
    {
        var device = OverlayObserver.ParseLink(Link);

        Assert.That(device, Is.EqualTo(new ObservedVxlanDevice(4096, IPAddress.Parse("10.213.0.11"), 4789, "cmbr4096", 1450, true)));
    }

    [Test]
    public void ParseLink_NotAVxlanDevice_HasNoVni()
    {
        var device = OverlayObserver.ParseLink("""[{"ifname":"cmvx4096","flags":["BROADCAST"],"mtu":1500,"linkinfo":{"info_kind":"dummy"}}]""");

        Assert.That(device, Is.EqualTo(new ObservedVxlanDevice(null, null, null, null, 1500, false)));
    }

    [Test]
    public void ParseFdb_MixedEntries_FloodDestinationsStaticForwardsAndWhatTheBridgeLearned()
    {
        var forwarding = OverlayObserver.ParseFdb(Fdb);

        Assert.That(forwarding.Flood, Is.EquivalentTo(new[] { IPAddress.Parse("10.213.0.12"), IPAddress.Parse("10.213.0.13") }));
        Assert.That(forwarding.Forwards, Is.EquivalentTo(new Dictionary<string, IPAddress> { ["02:42:0a:d0:00:0d"] = IPAddress.Parse("10.213.0.13") }));
        Assert.That(forwarding.Learned, Is.EquivalentTo(new[] { "02:42:0a:d0:00:0c" }), "not the device's own (permanent) address");
    }

    // From `iptables -S INPUT` (1.8.9, nf_tables) after the agent converged, plus a host rule and another agent's.
    private const string InputRules = """
        -P INPUT ACCEPT
        -A INPUT -s 10.213.0.12/32 -d 10.213.0.11/32 -p udp -m udp --dport 4789 -m u32 --u32 "0x0>>0x16&0x3c@0xc>>0x8=0x1000" -m comment --comment "cmbr4096 vxlan-from 10.213.0.12 to 10.213.0.11" -j ACCEPT
        -A INPUT -p udp -m udp --dport 4789 -m u32 --u32 "0x0>>0x16&0x3c@0xc>>0x8=0x1000" -m comment --comment "cmbr4096 vxlan-drop" -j DROP
        -A INPUT -d 10.208.0.1/32 -i cmbr4096 -p tcp -m tcp ! --dport 53 -m comment --comment "cmbr4096 refuse-tcp 10.208.0.1" -j REJECT --reject-with tcp-reset
        -A INPUT -d 10.209.0.1/32 -i cmbr4097 -p tcp -m tcp ! --dport 53 -m comment --comment "cmbr4097 refuse-tcp 10.209.0.1" -j REJECT --reject-with tcp-reset
        -A INPUT -p tcp -m tcp --dport 22 -m comment --comment ssh -j ACCEPT
        """;

    [Test]
    public void ParseRules_IptablesListing_KeepsTheBridgesRulesWithTheirArgumentsAsPrinted()
    {
        var rules = OverlayObserver.ParseRules(InputRules, "INPUT", "cmbr4096");

        Assert.That(rules.Select(r => r.Comment), Is.EqualTo(new[]
        {
            "cmbr4096 vxlan-from 10.213.0.12 to 10.213.0.11", "cmbr4096 vxlan-drop", "cmbr4096 refuse-tcp 10.208.0.1",
        }));
        Assert.That(rules.Select(r => r.Chain), Is.All.EqualTo("INPUT"));
        Assert.That(rules[1].Command("-D"), Is.EqualTo(new[]
        {
            "iptables", "-w", "-D", "INPUT", "-p", "udp", "-m", "udp", "--dport", "4789", "-m", "u32", "--u32", "0x0>>0x16&0x3c@0xc>>0x8=0x1000",
            "-m", "comment", "--comment", "cmbr4096 vxlan-drop", "-j", "DROP",
        }));
    }
}
