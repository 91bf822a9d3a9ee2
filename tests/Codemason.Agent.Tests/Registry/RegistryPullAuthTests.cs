using Codemason.Agent.Registry;
using Codemason.Agent.State;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Registry;

public sealed class RegistryPullAuthTests
{
    private const string Address = "10.0.0.5:7402";
    private static readonly NodeIdentity Node = new(TestIds.Node("n1"), "cmn_secret", "staging");

    [TestCase("10.0.0.5:7402/staging/shop/web:3", "10.0.0.5:7402")]
    [TestCase("registry.internal/shop:1", "registry.internal")]
    [TestCase("localhost/shop:1", "localhost")]
    [TestCase("busybox:1", null)]
    [TestCase("library/busybox:1", null)]
    [TestCase("local/registry:2.8", null)]
    public void RegistryHostOf_Reference_IsTheFirstPartWhenItNamesAHost(string image, string? expected)
    {
        Assert.That(RegistryPullAuth.RegistryHostOf(image), Is.EqualTo(expected));
    }

    [Test]
    public void Choose_ImageOfTheEnvironmentsRegistryWithoutAuth_TheNodesIdAndCredential()
    {
        var auth = RegistryPullAuth.Choose($"{Address}/staging/shop/web:3", Address, null, Node);

        Assert.That(auth, Is.EqualTo(new RegistryAuth { Server = Address, Username = Node.NodeId.Value, Password = "cmn_secret" }));
    }

    [Test]
    public void Choose_HostDiffersOnlyInCase_TheNodesCredential()
    {
        var auth = RegistryPullAuth.Choose("Registry.Internal:7402/staging/web:1", "registry.internal:7402", new RegistryAuth(), Node);

        Assert.That(auth?.Username, Is.EqualTo(Node.NodeId.Value));
    }

    [Test]
    public void Choose_SpecCarriesItsOwnAuth_TheSpecsWins()
    {
        var own = new RegistryAuth { Server = Address, Username = "ci", Password = "pw" };

        Assert.That(RegistryPullAuth.Choose($"{Address}/staging/web:1", Address, own, Node), Is.SameAs(own));
    }

    [TestCase("10.0.0.5:7403/staging/web:1", Address, TestName = "Choose_OtherPortOfTheSameHost_NoCredential")]
    [TestCase("10.0.0.5/staging/web:1", Address, TestName = "Choose_SameHostWithoutPort_NoCredential")]
    [TestCase("busybox:1", Address, TestName = "Choose_DockerHubImage_NoCredential")]
    [TestCase("10.0.0.5:7402/staging/web:1", "", TestName = "Choose_EnvironmentHasNoRegistry_NoCredential")]
    public void Choose_ImageOfAnotherRegistry_SpecAuthUnchanged(string image, string address)
    {
        Assert.That(RegistryPullAuth.Choose(image, address, null, Node), Is.Null);
    }

    [Test]
    public void Choose_NodeHasNoIdentityYet_NoCredential()
    {
        Assert.That(RegistryPullAuth.Choose($"{Address}/staging/web:1", Address, null, null), Is.Null);
    }

    [Test]
    public void Credentials_RotatedIdentity_NextPullUsesTheNewCredential()
    {
        var credentials = new RegistryCredentials();
        credentials.UseAddress(Address);
        credentials.UseIdentity(Node);
        var before = credentials.For($"{Address}/staging/web:1", null);

        credentials.UseIdentity(Node with { Credential = "cmn_rotated" });

        Assert.Multiple(() =>
        {
            Assert.That(before?.Password, Is.EqualTo("cmn_secret"));
            Assert.That(credentials.For($"{Address}/staging/web:1", null)?.Password, Is.EqualTo("cmn_rotated"));
        });
    }
}
