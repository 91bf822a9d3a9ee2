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
}
