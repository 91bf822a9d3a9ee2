using Codemason.Agent.Registry;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryDeploymentTests
{
    private static EnvironmentRegistry Message(string realm = "") => new()
    {
        Environment = "staging",
        Address = "10.0.0.5:7402",
        CaPem = "ca",
        Server = new RegistryServer
        {
            Image = "local/registry:2.8", Port = 7402, ConfigYaml = "yaml", CertificatePem = "crt", KeyPem = "key", Realm = realm, SpecHash = "h1",
        },
    };

    [Test]
    public void From_Server_EveryFieldAndTheCaOfTheMessage()
    {
        var deployment = RegistryDeployment.From(Message("https://realm.example:7401/registry/token"), "https://c:7400");

        Assert.That(deployment, Is.EqualTo(new RegistryDeployment(
            "staging", "local/registry:2.8", 7402, "yaml", "crt", "key", "ca", "https://realm.example:7401/registry/token", "h1")));
    }

    [TestCase("https://controller.example:7400", "https://controller.example:7400/registry/token")]
    [TestCase("https://controller.example:7400/", "https://controller.example:7400/registry/token")]
    [TestCase(null, "")]
    public void From_NoRealm_TheControllersUrlPlusTheTokenPath(string? controller, string expected)
    {
        Assert.That(RegistryDeployment.From(Message(), controller)?.Realm, Is.EqualTo(expected));
    }

    [Test]
    public void From_NoServerOrNoAddress_RunsNone()
    {
        var noServer = Message();
        noServer.Server = null;
        var noAddress = Message();
        noAddress.Address = "";

        Assert.Multiple(() =>
        {
            Assert.That(RegistryDeployment.From(noServer, "https://c"), Is.Null);
            Assert.That(RegistryDeployment.From(noAddress, "https://c"), Is.Null);
        });
    }

    [Test]
    public void From_ServerWithoutImagePortOrHash_EveryProblemNamed()
    {
        var message = Message();
        message.Server.Image = "";
        message.Server.Port = 70000;
        message.Server.SpecHash = "";

        var error = Assert.Throws<ArgumentException>(() => RegistryDeployment.From(message, null));

        Assert.That(error!.Message, Does.Contain("no image").And.Contain("port 70000 is not 1-65535").And.Contain("no spec hash"));
    }

    [Test]
    public void ToString_NeverShowsTheKey()
    {
        var deployment = RegistryDeployment.From(Message(), null)! with { KeyPem = "-----BEGIN PRIVATE KEY-----secret" };

        Assert.That(deployment.ToString(), Does.Not.Contain("secret"));
    }
}
