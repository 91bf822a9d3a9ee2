using System.Text;
using Codemason.Edge.Configuration;

namespace Codemason.Edge.Tests.Configuration;

public sealed class EdgeConfigLoaderTests
{
    [Test]
    public void Load_ManyProblems_ReportsEveryOneWithWhere()
    {
        const string Json = """
            { "version": "",
              "routes": [
                { "id": "a", "host": "shop.example.com", "path": "/", "port": 80, "destinations": [ { "id": "d", "address": "10.0.0.1:80" }, { "id": "d", "address": "http://10.0.0.2" } ] },
                { "id": "a", "host": "shop.example.com", "path": "/", "port": 80 }
              ],
              "certificates": [ { "hosts": [], "certificatePem": "", "keyPem": "" } ],
              "challenges": [ { "token": "a/b", "keyAuthorization": "x" } ] }
            """;

        var snapshot = EdgeConfigLoader.Load(Encoding.UTF8.GetBytes(Json), out var error);

        Assert.Multiple(() =>
        {
            Assert.That(snapshot, Is.Null);
            Assert.That(error, Does.Contain("version: required"));
            Assert.That(error, Does.Contain("routes[0].destinations[0].address"));
            Assert.That(error, Does.Contain("routes[0].destinations[1].id"));
            Assert.That(error, Does.Contain("routes[1].id"));
            Assert.That(error, Does.Contain("routes[1]: shop.example.com:80/ is bound by another route"));
            Assert.That(error, Does.Contain("certificates[0].hosts"));
            Assert.That(error, Does.Contain("certificates[0].certificatePem"));
            Assert.That(error, Does.Contain("challenges[0].token"));
        });
    }

    [Test]
    public void Load_UnknownFieldsAndTrailingCommas_AreAccepted()
    {
        const string Json = """{ "version": "v1", "future": { "x": 1 }, "routes": [ { "id": "a", "host": "a.example.com", "path": "/", "port": 80, "weight": 3, "destinations": [], }, ], }""";

        var snapshot = EdgeConfigLoader.Load(Encoding.UTF8.GetBytes(Json), out var error);

        Assert.That(error, Is.Null);
        Assert.That(snapshot!.Version, Is.EqualTo("v1"));
    }

    [Test]
    public void Load_CertificatePemThatDoesNotLoad_IsAnError()
    {
        const string Json = """{ "version": "v1", "certificates": [ { "hosts": ["a.example.com"], "certificatePem": "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----", "keyPem": "x" } ] }""";

        var snapshot = EdgeConfigLoader.Load(Encoding.UTF8.GetBytes(Json), out var error);

        Assert.That(snapshot, Is.Null);
        Assert.That(error, Does.Contain("certificates[0]"));
    }
}
