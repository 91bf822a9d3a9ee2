using Codemason.Mortar.Model;

namespace Codemason.Mortar.Tests.Model;

[TestFixture]
public sealed class MortarJsonTests
{
    [Test]
    public void Serialize_DeserializeSerialize_IdenticalText()
    {
        var app = MortarPipeline.Process(Samples.Application, Samples.Context()).GetAppOrThrow();
        var json = MortarJson.Serialize(app);

        var again = MortarJson.Serialize(MortarJson.DeserializeApp(json));

        Assert.That(again, Is.EqualTo(json));
    }

    [Test]
    public void Serialize_AllGoldenApps_RoundTripIdentically()
    {
        var texts = Golden.GoldenCase.All()
            .Where(c => File.Exists(Path.Combine(c.Directory, "expected.json")))
            .Select(c => c.RunAsync(CancellationToken.None).GetAwaiter().GetResult())
            .Select(r => MortarJson.Serialize(r.App!, indented: true))
            .ToList();

        Assert.That(texts, Is.Not.Empty);
        Assert.That(texts.Select(t => MortarJson.Serialize(MortarJson.DeserializeApp(t), indented: true)), Is.EqualTo(texts));
    }

    [Test]
    public void Serialize_Enums_CamelCaseStrings()
    {
        var app = MortarPipeline.Process(Samples.Application, Samples.Context()).GetAppOrThrow();

        var json = MortarJson.Serialize(app);

        Assert.That(json, Does.Contain("\"type\":\"application\"").And.Contain("\"protocol\":\"tcp\"").And.Contain("\"resolution\":\"app\""));
    }

    [Test]
    public void Serialize_Placement_ConstraintsAsTheirTextAndReadBackEqual()
    {
        const string text = """
            { "name": "web", "masonVersion": "v1", "image": "nginx",
              "placement": { "constraints": ["node.labels.disk=='ssd'", "NODE.HOSTNAME != db1"], "maxPerNode": 2 } }
            """;
        var service = MortarPipeline.Process(text).GetAppOrThrow().Services.Single();

        var json = MortarJson.Serialize(service);

        Assert.That(json, Does.Contain("\"placement\":{\"constraints\":[\"node.labels.disk == ssd\",\"node.hostname != db1\"],\"maxPerNode\":2}"));
        Assert.That(MortarJson.DeserializeService(json).Placement, Is.EqualTo(service.Placement));
    }

    [Test]
    public void Serialize_NoPlacement_NoPlacementProperty()
    {
        var app = MortarPipeline.Process(Samples.Application, Samples.Context()).GetAppOrThrow();

        var json = MortarJson.Serialize(app);

        Assert.That(json, Does.Not.Contain("placement"));
        Assert.That(MortarJson.DeserializeApp(json).Services.Select(s => s.Placement), Is.All.EqualTo(PlacementRules.None));
    }

    [Test]
    public void DeserializeService_MalformedConstraint_JsonException()
    {
        var json = MortarJson.Serialize(MortarPipeline.Process(Samples.Application, Samples.Context()).GetAppOrThrow().Services[0])
            .Replace("{\"name\":", "{\"placement\":{\"constraints\":[\"node.zone == eu\"]},\"name\":", StringComparison.Ordinal);

        Assert.Throws<System.Text.Json.JsonException>(() => MortarJson.DeserializeService(json));
    }
}
