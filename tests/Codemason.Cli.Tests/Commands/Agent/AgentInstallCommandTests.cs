using Codemason.Cli.Commands.Agent;

namespace Codemason.Cli.Tests.Commands.Agent;

[CancelAfter(5000)]
public class AgentInstallCommandTests
{
    [Test]
    public void Build_DefaultImage_GivesTheOneDockerRunLineWithTheTokenInTheEnvironmentOnly()
    {
        var line = AgentInstallCommand.Build(AgentInstallCommand.DefaultImage, new Uri("http://127.0.0.1:7070"), "cmj_abc123");

        Assert.That(line, Is.EqualTo(
            "CODEMASON_TOKEN=cmj_abc123 docker run -d --name codemason-agent --restart=always --network host --cap-add NET_ADMIN -e CODEMASON_TOKEN " +
            "-v /var/run/docker.sock:/var/run/docker.sock -v codemason-agent:/var/lib/codemason -v /etc/docker/certs.d:/etc/docker/certs.d codemason/agent:latest --controller http://127.0.0.1:7070"));
    }

    [Test]
    public void Build_CleartextControllerBeyondLoopback_TheAgentIsToldInsecure()
    {
        var line = AgentInstallCommand.Build(AgentInstallCommand.DefaultImage, new Uri("http://10.0.0.5:7070"), "cmj_abc123");

        Assert.That(line, Does.EndWith("--controller http://10.0.0.5:7070 --insecure"));
    }

    [Test]
    public void Build_CustomImage_IsUsed()
    {
        var line = AgentInstallCommand.Build("registry.local:5000/codemason/agent:1.2", new Uri("https://mason.example.com"), "t");

        Assert.That(line, Does.EndWith(" registry.local:5000/codemason/agent:1.2 --controller https://mason.example.com"));
    }

    [Test]
    public void Build_TokenWithShellCharacters_IsQuoted()
    {
        var line = AgentInstallCommand.Build("img", new Uri("http://h:1"), "a'b c");

        Assert.That(line, Does.StartWith("CODEMASON_TOKEN='a'\\''b c' docker run "));
    }

    [Test]
    public void Build_Line_HasNoNewline()
    {
        Assert.That(AgentInstallCommand.Build("img", new Uri("http://h:1"), "t"), Does.Not.Contain("\n"));
    }

    [Test]
    public void Build_ControllerServesTls_PinsTheCaOverHttps()
    {
        const string pin = "sha256:2b63860fb0c275aa5016206170be92dab1164b3c83f7abd81618cdb49c014d89";
        var line = AgentInstallCommand.Build("img", new Uri("http://10.0.0.5:7400"), "t", pin);

        Assert.That(line, Does.EndWith($" img --controller https://10.0.0.5:7400 --ca-fingerprint {pin}"));
    }

    [Test]
    public void Build_NoFingerprint_NoPin()
    {
        Assert.That(AgentInstallCommand.Build("img", new Uri("http://h:1"), "t", ""), Does.Not.Contain("--ca-fingerprint"));
    }
}
