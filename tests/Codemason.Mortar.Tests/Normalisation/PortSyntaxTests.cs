using Codemason.Mortar.Model;
using Codemason.Mortar.Normalisation;

namespace Codemason.Mortar.Tests.Normalisation;

[TestFixture]
public sealed class PortSyntaxTests
{
    [TestCase("5432", 5432, PortProtocol.Tcp, null, null)]
    [TestCase("8080:80", 80, PortProtocol.Tcp, null, 8080)]
    [TestCase("127.0.0.1:8080:80", 80, PortProtocol.Tcp, "127.0.0.1", 8080)]
    [TestCase("127.0.0.1::80", 80, PortProtocol.Tcp, "127.0.0.1", null)]
    [TestCase("[::1]:8080:80/udp", 80, PortProtocol.Udp, "::1", 8080)]
    [TestCase("53/udp", 53, PortProtocol.Udp, null, null)]
    [TestCase("53/TCP", 53, PortProtocol.Tcp, null, null)]
    public void TryParse_ValidForm_OnePort(string text, int container, PortProtocol protocol, string? hostIp, int? hostPort)
    {
        var ports = new List<PortSpec>();

        var error = PortSyntax.TryParse(text, ports, 100);

        Assert.That(error, Is.Null);
        Assert.That(ports, Is.EqualTo(new[] { new PortSpec(container, protocol, hostIp, hostPort) }));
    }

    [Test]
    public void TryParse_Ranges_ExpandedPairwise()
    {
        var ports = new List<PortSpec>();

        PortSyntax.TryParse("8000-8002:9000-9002", ports, 100);

        Assert.That(ports.Select(p => (p.HostPort, p.ContainerPort)), Is.EqualTo(new (int?, int)[] { (8000, 9000), (8001, 9001), (8002, 9002) }));
    }

    [TestCase("80800:80", "host port must be 1–65535")]
    [TestCase("80:0", "container port must be 1–65535")]
    [TestCase("9-1", "runs backwards")]
    [TestCase("1-2000", "limit of 100 ports")]
    [TestCase(":80", "host port before ':' is empty")]
    [TestCase("1:2:3:4", "too many ':'")]
    [TestCase("", "container port is required")]
    public void TryParse_InvalidForm_Explains(string text, string expected)
    {
        var error = PortSyntax.TryParse(text, [], 100);

        Assert.That(error, Does.Contain(expected));
    }
}
