using Codemason.Controller.Apply;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Apply;

public sealed class ContainerSpecMapperTests
{
    [TestCase(80, PortProtocol.Tcp, null, null, "80")]
    [TestCase(80, PortProtocol.Tcp, null, 8080, "8080:80")]
    [TestCase(443, PortProtocol.Tcp, "127.0.0.1", 8443, "127.0.0.1:8443:443")]
    [TestCase(9100, PortProtocol.Tcp, "127.0.0.1", null, "127.0.0.1::9100")]
    [TestCase(9000, PortProtocol.Tcp, "::1", 9000, "[::1]:9000:9000")]
    [TestCase(53, PortProtocol.Udp, null, null, "53/udp")]
    [TestCase(53, PortProtocol.Udp, null, 5353, "5353:53/udp")]
    public void FormatPort_Form_IsTheMasonJsonForm(int container, PortProtocol protocol, string? hostIp, int? hostPort, string expected) =>
        Assert.That(ContainerSpecMapper.FormatPort(new PortSpec(container, protocol, hostIp, hostPort)), Is.EqualTo(expected));

    private const string Web = """
        { "name": "web", "masonVersion": "v1", "image": "nginx:1.25",
          "environment": { "A": "1", "B": "2" }, "labels": { "x": "1", "y": "2" }, "ports": ["80"], "scale": 2 }
        """;

    private static Controller.Store.ServiceDraft Draft(string masonJson) =>
        ContainerSpecMapper.ToServiceDrafts(MortarPipeline.Process(masonJson).GetAppOrThrow()).Single(d => d.Name == "web");

    [Test]
    public void ToServiceDrafts_Service_HashIsTheSpecHashOfItsContainerSpec()
    {
        var draft = Draft(Web);

        Assert.That(draft.SpecHash, Is.EqualTo(SpecHash.Of(draft.Spec)));
    }

    [Test]
    public void ToServiceDrafts_AliasAdded_ChangesTheHash()
    {
        const string plain = """{ "name": "a", "masonVersion": "v1", "services": [ { "name": "web", "image": "w", "links": ["db"] }, { "name": "db", "image": "postgres" } ] }""";
        var aliased = plain.Replace("\"links\": [\"db\"]", "\"links\": [\"db:database\"]", StringComparison.Ordinal);

        var before = ContainerSpecMapper.ToServiceDrafts(MortarPipeline.Process(plain).GetAppOrThrow()).Single(d => d.Name == "db");
        var after = ContainerSpecMapper.ToServiceDrafts(MortarPipeline.Process(aliased).GetAppOrThrow()).Single(d => d.Name == "db");

        Assert.That(after.SpecHash, Is.Not.EqualTo(before.SpecHash));
    }

    [Test]
    public void ToServiceDrafts_KeyOrderWhitespaceAndComments_SameHash()
    {
        const string reordered = """
            {
              // same content, other order, comments and trailing commas
              "scale": 2, "ports": [ "80" ], "labels": { "y": "2", "x": "1", },
              "image": "nginx:1.25", "masonVersion": "v1", "name": "web",
              "environment": { "A": "1", "B": "2" },
            }
            """;

        Assert.That(Draft(reordered).SpecHash, Is.EqualTo(Draft(Web).SpecHash));
    }

    [Test]
    public void ToServiceDrafts_ScaleOrDescriptionChanged_SameHash()
    {
        var changed = Web.Replace("\"scale\": 2", "\"scale\": 5, \"description\": \"other\"", StringComparison.Ordinal);

        Assert.That(Draft(changed).SpecHash, Is.EqualTo(Draft(Web).SpecHash));
    }

    [Test]
    public void ToServiceDrafts_PlacementChanged_SameHashAndTheRulesStoredBeside()
    {
        var placed = Web.Replace("\"scale\": 2", "\"scale\": 2, \"placement\": { \"constraints\": [\"node.labels.disk == ssd\"], \"maxPerNode\": 1 }", StringComparison.Ordinal);

        var draft = Draft(placed);

        Assert.Multiple(() =>
        {
            Assert.That(draft.SpecHash, Is.EqualTo(Draft(Web).SpecHash), "moving a service replaces no container");
            Assert.That(draft.Placement.Constraints.Select(c => c.ToString()), Is.EqualTo(new[] { "node.labels.disk == ssd" }));
            Assert.That(draft.Placement.MaxPerNode, Is.EqualTo(1));
            Assert.That(Draft(Web).Placement, Is.EqualTo(PlacementRules.None));
        });
    }

    [TestCase("\"nginx:1.25\"", "\"nginx:1.26\"")]
    [TestCase("\"B\": \"2\"", "\"B\": \"3\"")]
    [TestCase("[\"80\"]", "[\"8080:80\"]")]
    [TestCase("\"y\": \"2\"", "\"y\": \"3\"")]
    [TestCase("\"scale\": 2", "\"scale\": 2, \"memory\": 64")]
    public void ToServiceDrafts_ContainerChange_ChangesTheHash(string from, string to)
    {
        var changed = Web.Replace(from, to, StringComparison.Ordinal);

        Assert.That(Draft(changed).SpecHash, Is.Not.EqualTo(Draft(Web).SpecHash));
    }

    [Test]
    public void ToServiceDrafts_StoredModelRoundTrip_SameHash()
    {
        // Rollback and scale map the stored model again: the hash must not change on the way.
        var app = MortarPipeline.Process(Web).GetAppOrThrow();

        var again = MortarJson.DeserializeApp(MortarJson.Serialize(app));

        Assert.That(ContainerSpecMapper.ToServiceDrafts(again)[0].SpecHash, Is.EqualTo(ContainerSpecMapper.ToServiceDrafts(app)[0].SpecHash));
    }

    [Test]
    public void ComputeAliases_LinksFromOtherServices_AreCollectedPerTarget()
    {
        var app = MortarPipeline.Process("""
            { "name": "a", "masonVersion": "v1", "services": [
                { "name": "web", "image": "w", "links": ["db:sql", "db"] },
                { "name": "job", "image": "j", "links": ["db:sql", "db:primary"] },
                { "name": "db", "image": "postgres" } ] }
            """).App!;

        var aliases = ContainerSpecMapper.ComputeAliases(app);

        Assert.Multiple(() =>
        {
            Assert.That(aliases["db"], Is.EqualTo(new[] { "primary", "sql" }));
            Assert.That(aliases["web"], Is.Empty);
        });
    }
}
