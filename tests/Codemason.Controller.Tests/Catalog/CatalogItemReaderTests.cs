using Codemason.Controller.Catalog;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Catalog;

[TestFixture]
public sealed class CatalogItemReaderTests
{
    [Test]
    public void Read_ServiceFile_GivesNameKeywordsImagePortsAndQuestions()
    {
        var item = TestItems.Read(TestItems.Postgres, "built-in");

        Assert.Multiple(() =>
        {
            Assert.That(item.Name, Is.EqualTo("postgres"));
            Assert.That(item.Description, Is.EqualTo("a SQL database"));
            Assert.That(item.Keywords, Is.EqualTo(new[] { "pg", "postgresql", "database" }));
            Assert.That(item.Image, Is.EqualTo("postgres:17"));
            Assert.That(item.Ports, Is.EqualTo(new[] { new PortSpec(5432, PortProtocol.Tcp) }));
            Assert.That(item.Questions.Select(q => (q.Key, q.Required, q.Secret, q.Default)), Is.EqualTo(new[]
            {
                ("POSTGRES_PASSWORD", true, true, ""),
                ("POSTGRES_USER", true, false, "postgres"),
            }), "a password is secret by its name");
            Assert.That(item.Source, Is.EqualTo("built-in"));
            Assert.That(item.Answers("PG"), Is.True);
            Assert.That(item.Answers("mysql"), Is.False);
        });
    }

    [TestCase("""{ "masonVersion": "v1", "name": "x", "services": [ { "name": "a", "image": "busybox" } ] }""", "type must be \"service\"")]
    [TestCase("""{ "masonVersion": "v1", "type": "service", "name": "x", "build": { "context": "." } }""", "names an image and builds nothing")]
    [TestCase("""{ "masonVersion": "v1", "type": "service", "name": "x", "image": "busybox", "ports": ["99999"] }""", "ports[0]")]
    [TestCase("{ \"masonVersion\": \"v1\",\n  \"name\": ", "line 2")]
    public void Read_NotAnItem_SaysWhy(string text, string expected)
    {
        var (item, problems) = CatalogItemReader.Read(text, "test");

        Assert.That(item, Is.Null);
        Assert.That(string.Join("\n", problems), Does.Contain(expected));
    }
}
