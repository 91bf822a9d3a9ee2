namespace Codemason.Identity.Tests;

public sealed class AppKeyTests
{
    [Test]
    public void Parse_Text_RoundTrips()
    {
        var key = AppKey.Parse("production/shop");

        Assert.Multiple(() =>
        {
            Assert.That(key.Environment, Is.EqualTo("production"));
            Assert.That(key.App, Is.EqualTo("shop"));
            Assert.That(key.ToString(), Is.EqualTo("production/shop"));
            Assert.That(key, Is.EqualTo(new AppKey("production", "shop")));
        });
    }

    [TestCase("production")]
    [TestCase("production/")]
    [TestCase("/shop")]
    [TestCase("production/shop/web")]
    [TestCase("Production/shop")]
    [TestCase("production/shop ")]
    [TestCase("-prod/shop")]
    [TestCase("prod-/shop")]
    [TestCase("")]
    [TestCase(null)]
    public void TryParse_Malformed_ReturnsFalse(string? text) =>
        Assert.That(AppKey.TryParse(text, out _), Is.False);

    [TestCase("production", "")]
    [TestCase("", "shop")]
    [TestCase("prod_1", "shop")]
    [TestCase("production", ".shop")]
    [TestCase("production", "sh/op")]
    public void Constructor_InvalidName_ThrowsArgumentExceptionNamingIt(string environment, string app)
    {
        var error = Assert.Throws<ArgumentException>(() => _ = new AppKey(environment, app));

        Assert.That(error!.Message, Does.Contain("is invalid"));
        Assert.That(AppKey.TryCreate(environment, app, out _), Is.False);
    }

    [Test]
    public void TryCreate_ValidParts_SameAsConstructor()
    {
        Assert.That(AppKey.TryCreate("staging", "My.App-2", out var key), Is.True);
        Assert.That(key, Is.EqualTo(new AppKey("staging", "My.App-2")));
    }
}
