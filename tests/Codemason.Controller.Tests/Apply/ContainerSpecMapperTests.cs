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

    [Test]
    public void ComputeSpecHash_AliasAdded_ChangesTheHashWhileMortarsHashStays()
    {
        var app = MortarPipeline.Process("""{ "name": "a", "masonVersion": "v1", "services": [ { "name": "db", "image": "postgres" } ] }""").App!;
        var db = app.Services[0];

        var plain = ContainerSpecMapper.ComputeSpecHash(db, []);
        var aliased = ContainerSpecMapper.ComputeSpecHash(db, ["database"]);

        Assert.Multiple(() =>
        {
            Assert.That(plain, Is.EqualTo(db.ComputeHash()));
            Assert.That(aliased, Is.Not.EqualTo(plain).And.StartsWith("sha256:"));
        });
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
