using Codemason.Cli.Output;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class PaletteTests
{
    [Test]
    public void Paint_Disabled_ReturnsTextUnchanged()
    {
        Assert.That(Palette.None.Paint("running", Tone.Good), Is.EqualTo("running"));
    }

    [Test]
    public void Paint_Enabled_AddsColourAndReset()
    {
        Assert.That(new Palette(true).Paint("running", Tone.Good), Is.EqualTo("\u001b[32mrunning\u001b[0m"));
    }

    [Test]
    public void ToneFor_SameKey_IsStableAcrossCalls()
    {
        Assert.That(Palette.ToneFor("production/pebble/web#1"), Is.EqualTo(Palette.ToneFor("production/pebble/web#1")));
    }

    [Test]
    public void ToneFor_ManyReplicas_UseMoreThanOneColour()
    {
        var tones = Enumerable.Range(1, 20).Select(i => Palette.ToneFor($"production/pebble/web#{i}")).Distinct().Count();

        Assert.That(tones, Is.GreaterThan(1));
    }
}
