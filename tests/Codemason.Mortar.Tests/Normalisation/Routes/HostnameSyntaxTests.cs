using Codemason.Mortar.Normalisation.Routes;

namespace Codemason.Mortar.Tests.Normalisation.Routes;

[TestFixture]
public sealed class HostnameSyntaxTests
{
    [TestCase("shop.example.com", "shop.example.com")]
    [TestCase("Shop.EXAMPLE.com", "shop.example.com")]
    [TestCase("localhost", "localhost")]
    [TestCase("a-b.c1.example", "a-b.c1.example")]
    public void Normalise_ValidHostname_LowerCase(string text, string expected)
    {
        var host = HostnameSyntax.Normalise(text, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(host, Is.EqualTo(expected));
    }

    [TestCase("", "a hostname such as")]
    [TestCase("https://shop.example.com", "without a scheme")]
    [TestCase("shop.example.com/api", "without a path")]
    [TestCase("shop.example.com:8080", "without a port")]
    [TestCase("*.example.com", "wildcard")]
    [TestCase("shop..example.com", "no empty labels")]
    [TestCase("shop.example.com.", "no empty labels")]
    [TestCase("shop_1.example.com", "only letters, digits")]
    [TestCase("-shop.example.com", "does not start or end with '-'")]
    [TestCase("shop-.example.com", "does not start or end with '-'")]
    public void Normalise_InvalidHostname_SaysWhy(string text, string why)
    {
        var host = HostnameSyntax.Normalise(text, out var problem);

        Assert.That(host, Is.Null);
        Assert.That(problem, Does.Contain(why));
    }

    [Test]
    public void Normalise_LongLabelOrName_Refused()
    {
        Assert.Multiple(() =>
        {
            Assert.That(HostnameSyntax.Normalise(new string('a', 64) + ".com", out var label), Is.Null);
            Assert.That(label, Does.Contain("63"));
            Assert.That(HostnameSyntax.Normalise(string.Join('.', Enumerable.Repeat(new string('a', 60), 5)), out var name), Is.Null);
            Assert.That(name, Does.Contain("253"));
        });
    }
}
