using Codemason.Agent.Overlay;

namespace Codemason.Agent.Tests.Overlay;

public sealed class OverlayNamesTests
{
    [Test]
    public void Names_DefaultPrefix_AreShortAndReadable()
    {
        var names = new OverlayNames("codemason");

        Assert.That((names.Network("shop"), names.Bridge(4096), names.Vxlan(4096)), Is.EqualTo(("codemason-overlay-shop", "cmbr4096", "cmvx4096")));
    }

    [Test]
    public void Names_OtherPrefixesAndLargestVni_FitLinkNamesAndDoNotCollide()
    {
        var first = new OverlayNames("t1234567");
        var second = new OverlayNames("t1234568");

        Assert.That(first.Bridge(OverlayNetwork.MaxVni), Has.Length.LessThanOrEqualTo(15));
        Assert.That(first.Vxlan(OverlayNetwork.MaxVni), Has.Length.LessThanOrEqualTo(15));
        Assert.That(first.Bridge(4096), Is.Not.EqualTo(second.Bridge(4096)));
    }
}
