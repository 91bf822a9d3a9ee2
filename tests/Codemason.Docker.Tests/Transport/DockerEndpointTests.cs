using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Transport;

public sealed class DockerEndpointTests
{
    [Test]
    public void Parse_UnixScheme_ReturnsSocketPath()
    {
        var endpoint = DockerEndpoint.Parse("unix:///run/user/1000/docker.sock");

        Assert.That(endpoint.Kind, Is.EqualTo(DockerEndpointKind.Unix));
        Assert.That(endpoint.SocketPath, Is.EqualTo("/run/user/1000/docker.sock"));
        Assert.That(endpoint.BaseAddress.Scheme, Is.EqualTo("http"));
    }

    [Test]
    public void Parse_BarePath_IsUnixSocket()
    {
        Assert.That(DockerEndpoint.Parse("/var/run/docker.sock").SocketPath, Is.EqualTo("/var/run/docker.sock"));
    }

    [TestCase("tcp://127.0.0.1:2375", "http://127.0.0.1:2375/")]
    [TestCase("tcp://docker.internal", "http://docker.internal:2375/")]
    [TestCase("TCP://10.0.0.5:4243/", "http://10.0.0.5:4243/")]
    [TestCase("tcp://[::1]:2375", "http://[::1]:2375/")]
    [TestCase("http://localhost:2375", "http://localhost:2375/")]
    public void Parse_TcpForms_ReturnsHttpBaseAddress(string host, string expected)
    {
        var endpoint = DockerEndpoint.Parse(host);

        Assert.That(endpoint.Kind, Is.EqualTo(DockerEndpointKind.Tcp));
        Assert.That(endpoint.BaseAddress.ToString(), Is.EqualTo(expected));
        Assert.That(endpoint.SocketPath, Is.Null);
    }

    [TestCase("npipe:////./pipe/docker_engine")]
    [TestCase("ssh://user@host")]
    [TestCase("https://host:2376")]
    [TestCase("unix://relative.sock")]
    [TestCase("docker.sock")]
    [TestCase("tcp://")]
    [TestCase("  ")]
    public void Parse_UnsupportedForms_ThrowFormatException(string host)
    {
        Assert.Throws<FormatException>(() => DockerEndpoint.Parse(host));
    }

    [Test]
    public void Resolve_NothingConfiguredNoEnvironment_UsesDefaultSocket()
    {
        var endpoint = DockerEndpoint.Resolve(null, _ => null);

        Assert.That(endpoint.SocketPath, Is.EqualTo("/var/run/docker.sock"));
    }

    [Test]
    public void Resolve_DockerHostSet_UsesEnvironment()
    {
        var endpoint = DockerEndpoint.Resolve(null, name => name == "DOCKER_HOST" ? "tcp://127.0.0.1:2376" : null);

        Assert.That(endpoint.BaseAddress.Port, Is.EqualTo(2376));
    }

    [Test]
    public void Resolve_OptionAndEnvironmentSet_OptionWins()
    {
        var endpoint = DockerEndpoint.Resolve("unix:///custom.sock", _ => "tcp://127.0.0.1:2376");

        Assert.That(endpoint.SocketPath, Is.EqualTo("/custom.sock"));
    }
}
