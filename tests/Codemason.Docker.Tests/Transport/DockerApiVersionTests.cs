using Codemason.Docker.Engine;
using Codemason.Docker.Errors;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Transport;

public sealed class DockerApiVersionTests
{
    [TestCase("1.41", "1.12", "1.41")]
    [TestCase("1.47", "1.24", "1.47")]
    [TestCase("1.52", "1.44", "1.47")]
    [TestCase("1.40", null, "1.40")]
    public void Negotiate_EngineVersions_PicksLowerOfEngineAndClient(string engine, string? engineMin, string expected)
    {
        DockerApiVersion? min = engineMin is null ? null : DockerApiVersion.Parse(engineMin);

        var chosen = DockerApiVersion.Negotiate(DockerApiVersion.Parse(engine), min);

        Assert.That(chosen.ToString(), Is.EqualTo(expected));
    }

    [Test]
    public void Negotiate_EngineOlderThanClientMinimum_Throws()
    {
        var ex = Assert.Throws<NotSupportedException>(() => DockerApiVersion.Negotiate(new DockerApiVersion(1, 30), new DockerApiVersion(1, 12)));
        Assert.That(ex!.Message, Does.Contain("1.30"));
    }

    [Test]
    public void Negotiate_EngineMinimumAboveClientMaximum_Throws()
    {
        Assert.Throws<NotSupportedException>(() => DockerApiVersion.Negotiate(new DockerApiVersion(1, 60), new DockerApiVersion(1, 50)));
    }

    [TestCase("1.41", 1, 41)]
    [TestCase("v1.44", 1, 44)]
    [TestCase(" 1.9 ", 1, 9)]
    public void TryParse_ValidText_ReturnsVersion(string text, int major, int minor)
    {
        Assert.That(DockerApiVersion.TryParse(text, out var version), Is.True);
        Assert.That(version, Is.EqualTo(new DockerApiVersion(major, minor)));
    }

    [TestCase("")]
    [TestCase("1")]
    [TestCase("1.x")]
    [TestCase("-1.2")]
    [TestCase(null)]
    public void TryParse_InvalidText_ReturnsFalse(string? text)
    {
        Assert.That(DockerApiVersion.TryParse(text, out _), Is.False);
    }

    [Test]
    public void CompareTo_MinorAboveNine_ComparesNumerically()
    {
        Assert.That(new DockerApiVersion(1, 9) < new DockerApiVersion(1, 41), Is.True);
    }

    [Test]
    public void NegotiateFromEngineVersion_GarbageVersion_ThrowsDockerException()
    {
        Assert.Throws<DockerException>(() => DockerTransport.Negotiate(new EngineVersion { ApiVersion = "banana" }));
    }
}
