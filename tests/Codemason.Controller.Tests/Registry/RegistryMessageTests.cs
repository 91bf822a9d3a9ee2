using Codemason.Controller.Registry;

namespace Codemason.Controller.Tests.Registry;

public sealed class RegistryMessageTests
{
    private static readonly NodeId Runner = NodeId.Parse("aaaaaaaaaaaaaaaa");
    private static readonly NodeId Other = NodeId.Parse("bbbbbbbbbbbbbbbb");
    private static readonly RegistryHost Host = new("staging", Runner, "10.0.0.1:7402", "CERT", "KEY", DateTimeOffset.UnixEpoch);

    [Test]
    public void For_TheNodeThatRunsIt_GetsTheServerWithItsKey()
    {
        var message = RegistryMessage.For("staging", Host, Runner, "CA", new RegistryOptions { Port = 7402 });

        Assert.Multiple(() =>
        {
            Assert.That(message.Address, Is.EqualTo("10.0.0.1:7402"));
            Assert.That(message.CaPem, Is.EqualTo("CA"));
            Assert.That(message.Server.Image, Is.EqualTo(RegistryOptions.DefaultImage));
            Assert.That(message.Server.Port, Is.EqualTo(7402));
            Assert.That(message.Server.KeyPem, Is.EqualTo("KEY"));
            Assert.That(message.Server.CertificatePem, Is.EqualTo("CERT"));
            Assert.That(message.Server.ConfigYaml, Does.Contain("rootcertbundle: \"/etc/docker/registry/ca.crt\""));
            Assert.That(message.Server.SpecHash, Has.Length.EqualTo(16));
        });
    }

    [Test]
    public void For_AnotherNode_OnlyAddressAndCa() =>
        Assert.That(RegistryMessage.For("staging", Host, Other, "CA", new RegistryOptions()).Server, Is.Null);

    [Test]
    public void For_NoHost_EmptyAddress() =>
        Assert.That(RegistryMessage.For("staging", null, Other, "CA", new RegistryOptions()).Address, Is.Empty);

    [Test]
    public void For_AnythingTheContainerUsesChanges_TheSpecHashChanges()
    {
        var options = new RegistryOptions();
        var hash = RegistryMessage.For("staging", Host, Runner, "CA", options).Server.SpecHash;

        Assert.Multiple(() =>
        {
            Assert.That(RegistryMessage.For("staging", Host, Runner, "CA", options).Server.SpecHash, Is.EqualTo(hash));
            Assert.That(RegistryMessage.For("staging", Host with { CertificatePem = "NEW" }, Runner, "CA", options).Server.SpecHash, Is.Not.EqualTo(hash));
            Assert.That(RegistryMessage.For("staging", Host, Runner, "CA2", options).Server.SpecHash, Is.Not.EqualTo(hash));
            Assert.That(RegistryMessage.For("staging", Host, Runner, "CA", new RegistryOptions { Port = 5000 }).Server.SpecHash, Is.Not.EqualTo(hash));
            Assert.That(RegistryMessage.For("staging", Host, Runner, "CA", new RegistryOptions { Realm = new Uri("https://c:7400/registry/token") }).Server.SpecHash,
                Is.Not.EqualTo(hash));
        });
    }
}
