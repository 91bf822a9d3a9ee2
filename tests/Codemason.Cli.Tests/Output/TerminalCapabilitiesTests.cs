using Codemason.Cli.Output;

namespace Codemason.Cli.Tests.Output;

[CancelAfter(5000)]
public class TerminalCapabilitiesTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void Detect_TerminalWithoutNoColor_AllowsColourAndLive()
    {
        Assert.That(TerminalCapabilities.Detect(Env(("TERM", "xterm-256color")), outputIsTerminal: true, noColorFlag: false), Is.EqualTo(new TerminalCapabilities(true, true)));
    }

    [Test]
    public void Detect_OutputRedirected_NoColourNoLive()
    {
        Assert.That(TerminalCapabilities.Detect(Env(), outputIsTerminal: false, noColorFlag: false), Is.EqualTo(new TerminalCapabilities(false, false)));
    }

    [Test]
    public void Detect_NoColorSet_NoColourNoLive()
    {
        Assert.That(TerminalCapabilities.Detect(Env(("NO_COLOR", "1")), outputIsTerminal: true, noColorFlag: false), Is.EqualTo(new TerminalCapabilities(false, false)));
    }

    [Test]
    public void Detect_NoColorEmpty_IsIgnoredAsTheConventionSays()
    {
        Assert.That(TerminalCapabilities.Detect(Env(("NO_COLOR", "")), outputIsTerminal: true, noColorFlag: false).Colour, Is.True);
    }

    [Test]
    public void Detect_NoColorFlag_NoColour()
    {
        Assert.That(TerminalCapabilities.Detect(Env(), outputIsTerminal: true, noColorFlag: true).Colour, Is.False);
    }

    [Test]
    public void Detect_DumbTerminal_NoColourNoLive()
    {
        Assert.That(TerminalCapabilities.Detect(Env(("TERM", "dumb")), outputIsTerminal: true, noColorFlag: false), Is.EqualTo(new TerminalCapabilities(false, false)));
    }
}
