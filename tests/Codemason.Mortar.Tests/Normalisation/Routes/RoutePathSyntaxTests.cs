using Codemason.Mortar.Normalisation.Routes;

namespace Codemason.Mortar.Tests.Normalisation.Routes;

[TestFixture]
public sealed class RoutePathSyntaxTests
{
    [TestCase("/", "/")]
    [TestCase("//", "/")]
    [TestCase("/api", "/api")]
    [TestCase("/api/", "/api")]
    [TestCase("/api/v1", "/api/v1")]
    public void Normalise_ValidPath_TrailingSlashDropped(string text, string expected)
    {
        var path = RoutePathSyntax.Normalise(text, out var problem);

        Assert.That(problem, Is.Null);
        Assert.That(path, Is.EqualTo(expected));
    }

    [TestCase("api", "starts with '/'")]
    [TestCase("", "starts with '/'")]
    [TestCase("/search?q=1", "no query")]
    [TestCase("/page#top", "fragment")]
    [TestCase("/a b", "no spaces")]
    public void Normalise_InvalidPath_SaysWhy(string text, string why)
    {
        var path = RoutePathSyntax.Normalise(text, out var problem);

        Assert.That(path, Is.Null);
        Assert.That(problem, Does.Contain(why));
    }
}
