using Codemason.Mortar.Model;

namespace Codemason.Mortar.Tests.Model;

[TestFixture]
public sealed class SpecHashTests
{
    private const string Original = """
        { "name": "web", "masonVersion": "v1", "image": "nginx:1.25",
          "environment": { "A": "1", "B": "2" }, "labels": { "x": "1", "y": "2" }, "ports": ["80"], "scale": 2 }
        """;

    private static ServiceSpec Service(string text) => MortarPipeline.Process(text).GetAppOrThrow().Services.Single();

    [Test]
    public void ComputeHash_KeyOrderAndWhitespace_Unchanged()
    {
        const string reordered = """
            {
              // same content, other order, comments and trailing commas
              "scale": 2, "ports": [ "80" ], "labels": { "y": "2", "x": "1", },
              "image": "nginx:1.25", "masonVersion": "v1", "name": "web",
              "environment": { "A": "1", "B": "2" },
            }
            """;

        Assert.That(Service(reordered).ComputeHash(), Is.EqualTo(Service(Original).ComputeHash()));
    }

    [Test]
    public void ComputeHash_Format_Sha256Hex() =>
        Assert.That(Service(Original).ComputeHash(), Does.Match("^sha256:[0-9a-f]{64}$"));

    [Test]
    public void ComputeHash_ScaleOrDescriptionChanged_Unchanged()
    {
        var changed = Original.Replace("\"scale\": 2", "\"scale\": 5, \"description\": \"other\"", StringComparison.Ordinal);

        Assert.That(Service(changed).ComputeHash(), Is.EqualTo(Service(Original).ComputeHash()));
    }

    [Test]
    public void ComputeHash_PlacementAdded_Unchanged()
    {
        var changed = Original.Replace("\"scale\": 2", "\"scale\": 2, \"placement\": { \"constraints\": [\"node.labels.disk == ssd\"], \"maxPerNode\": 1 }", StringComparison.Ordinal);

        Assert.That(Service(changed).Placement, Is.Not.EqualTo(PlacementRules.None));
        Assert.That(Service(changed).ComputeHash(), Is.EqualTo(Service(Original).ComputeHash()));
    }

    [TestCase("\"nginx:1.25\"", "\"nginx:1.26\"")]
    [TestCase("\"B\": \"2\"", "\"B\": \"3\"")]
    [TestCase("[\"80\"]", "[\"8080:80\"]")]
    [TestCase("\"scale\": 2", "\"scale\": 2, \"memory\": 64")]
    public void ComputeHash_ContainerRelevantChange_Changed(string from, string to)
    {
        var changed = Original.Replace(from, to, StringComparison.Ordinal);

        Assert.That(Service(changed).ComputeHash(), Is.Not.EqualTo(Service(Original).ComputeHash()));
    }

    [Test]
    public void ComputeHash_AfterJsonRoundTrip_Unchanged()
    {
        var service = Service(Original);

        var copy = MortarJson.DeserializeService(MortarJson.Serialize(service));

        Assert.That(copy.ComputeHash(), Is.EqualTo(service.ComputeHash()));
    }
}
