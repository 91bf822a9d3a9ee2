using Codemason.Cli.Config;

namespace Codemason.Cli.Tests.Config;

[CancelAfter(5000)]
public class ConfigPathsTests
{
    private static Func<string, string?> Env(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Test]
    public void Resolve_ExplicitPath_WinsOverEverything()
    {
        var path = ConfigPaths.Resolve("/tmp/x/config.json", Env(("XDG_CONFIG_HOME", "/xdg"), ("CODEMASON_CONFIG", "/env.json")));

        Assert.That(path, Is.EqualTo("/tmp/x/config.json"));
    }

    [Test]
    public void Resolve_CodemasonConfigVariable_WinsOverXdg()
    {
        Assert.That(ConfigPaths.Resolve(null, Env(("XDG_CONFIG_HOME", "/xdg"), ("CODEMASON_CONFIG", "/env.json"))), Is.EqualTo("/env.json"));
    }

    [Test]
    public void Resolve_XdgConfigHome_IsUsed()
    {
        Assert.That(ConfigPaths.Resolve(null, Env(("XDG_CONFIG_HOME", "/xdg"), ("HOME", "/home/u"))), Is.EqualTo("/xdg/codemason/config.json"));
    }

    [Test]
    public void Resolve_RelativeXdgConfigHome_IsIgnoredAsTheSpecSays()
    {
        Assert.That(ConfigPaths.Resolve(null, Env(("XDG_CONFIG_HOME", "relative"), ("HOME", "/home/u"))), Is.EqualTo("/home/u/.config/codemason/config.json"));
    }

    [Test]
    public void Resolve_NothingSet_UsesHomeDotConfig()
    {
        Assert.That(ConfigPaths.Resolve(null, Env(("HOME", "/home/u"))), Is.EqualTo("/home/u/.config/codemason/config.json"));
    }
}
