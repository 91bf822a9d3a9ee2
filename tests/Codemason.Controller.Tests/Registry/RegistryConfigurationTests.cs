using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryConfigurationTests
{
    [Test]
    public void Render_Defaults_FilesystemDeleteTlsAndTokenAuthByTheController()
    {
        var configuration = new RegistryConfiguration { Realm = new Uri("https://controller.example:7400/registry/token") };

        Assert.That(configuration.Render(), Is.EqualTo("""
            version: 0.1
            log:
              fields:
                service: registry
            storage:
              filesystem:
                rootdirectory: "/var/lib/docker-registry"
              delete:
                enabled: true
            http:
              addr: ":5000"
              headers:
                X-Content-Type-Options: [nosniff]
              tls:
                certificate: "/etc/docker/registry/registry.crt"
                key: "/etc/docker/registry/registry.key"
            auth:
              token:
                realm: "https://controller.example:7400/registry/token"
                service: "codemason-registry"
                issuer: "codemason-controller"
                rootcertbundle: "/etc/docker/registry/ca.crt"
            health:
              storagedriver:
                enabled: true
                interval: 10s
                threshold: 3

            """.ReplaceLineEndings("\n")));
    }

    [Test]
    public void Render_ValuesNeedingEscapes_AreQuotedAsYamlDoubleQuotedScalars()
    {
        var configuration = new RegistryConfiguration
        {
            Realm = new Uri("https://10.0.0.1:7400/registry/token"),
            Service = "reg \"staging\"",
            StorageDirectory = @"C:\data",
            ListenAddress = "0.0.0.0:5443",
        };

        var text = configuration.Render();

        Assert.Multiple(() =>
        {
            Assert.That(text, Does.Contain("    service: \"reg \\\"staging\\\"\"\n"));
            Assert.That(text, Does.Contain("    rootdirectory: \"C:\\\\data\"\n"));
            Assert.That(text, Does.Contain("  addr: \"0.0.0.0:5443\"\n"));
        });
    }
}
