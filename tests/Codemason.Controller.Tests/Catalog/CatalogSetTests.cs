using Codemason.Controller.Catalog;

namespace Codemason.Controller.Tests.Catalog;

[TestFixture]
public sealed class CatalogSetTests
{
    [Test]
    public void Match_ByNameThenKeyword_SharedKeywordGivesEvery()
    {
        var set = TestItems.Set();

        Assert.Multiple(() =>
        {
            Assert.That(set.Items.Select(i => i.Name), Is.EqualTo(new[] { "mysql", "postgres", "redis" }), "sorted by name");
            Assert.That(set.Match("Redis").Select(i => i.Name), Is.EqualTo(new[] { "redis" }));
            Assert.That(set.Match("pg").Select(i => i.Name), Is.EqualTo(new[] { "postgres" }));
            Assert.That(set.Match("database").Select(i => i.Name), Is.EqualTo(new[] { "mysql", "postgres" }));
            Assert.That(set.Match("mongo"), Is.Empty);
        });
    }

    [Test]
    public void New_SameNameTwice_LaterSourceWins()
    {
        var builtIn = TestItems.Read(TestItems.Redis, "built-in");
        var custom = TestItems.Read(TestItems.Redis.Replace("redis:7", "redis:6", StringComparison.Ordinal), "/srv/catalog");

        var set = new CatalogSet([builtIn, custom], []);

        Assert.That(set.Items.Single().Image, Is.EqualTo("redis:6"));
        Assert.That(set.Items.Single().Source, Is.EqualTo("/srv/catalog"));
    }
}
