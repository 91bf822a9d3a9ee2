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

    // From `bridge -j fdb show dev cmvx4096`: the device's own MAC, a learned one and two flood entries.
    private const string Fdb = """
        [{"mac":"6e:fe:b1:8a:40:eb","flags":[],"master":"cmbr4096","state":"permanent"},
         {"mac":"02:42:0a:d0:00:0b","dst":"10.213.0.12","flags":["self"],"state":""},
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
    public void ParseFlood_MixedEntries_KeepsOnlyTheAllZerosDestinations()
    {
        Assert.That(OverlayObserver.ParseFlood(Fdb), Is.EquivalentTo(new[] { IPAddress.Parse("10.213.0.12"), IPAddress.Parse("10.213.0.13") }));
    }
}
