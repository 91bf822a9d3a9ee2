using Codemason.Cli.Commands.Scale;
using Codemason.Cli.Errors;

namespace Codemason.Cli.Tests.Commands.Scale;

[CancelAfter(5000)]
public class ScaleTargetTests
{
    [TestCase("pebble/web=3", "pebble", "web", 3u)]
    [TestCase("pebble/web=0", "pebble", "web", 0u)]
    [TestCase(" my-app/api.v2 = 12 ", "my-app", "api.v2", 12u)]
    [TestCase("pebble/web=1000", "pebble", "web", 1000u)]
    public void Parse_Valid_GivesAppServiceAndCount(string text, string app, string service, uint replicas)
    {
        Assert.That(ScaleTarget.Parse(text), Is.EqualTo(new ScaleTarget(app, service, replicas)));
    }

    [TestCase("web=3")]
    [TestCase("pebble/web")]
    [TestCase("pebble/=3")]
    [TestCase("/web=3")]
    [TestCase("pebble/web/x=3")]
    [TestCase("pebble/web=")]
    [TestCase("pebble/web=-1")]
    [TestCase("pebble/web=three")]
    [TestCase("pebble/web=1001")]
    [TestCase("pebble=web/3")]
    public void Parse_Malformed_ThrowsUsage(string text)
    {
        Assert.Throws<UsageException>(() => ScaleTarget.Parse(text));
    }

    [Test]
    public void Parse_NotANumber_MessageNamesTheValue()
    {
        var error = Assert.Throws<UsageException>(() => ScaleTarget.Parse("pebble/web=lots"));

        Assert.That(error!.Message, Does.Contain("'lots'"));
    }
}
