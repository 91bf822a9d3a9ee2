using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Integration;

public sealed class EngineCallsTests : EngineTest
{
    [Test]
    [CancelAfter(15000)]
    public async Task Ping_RunningEngine_ReportsApiVersion(CancellationToken cancellationToken)
    {
        var ping = await Client.Engine.PingAsync(cancellationToken);

        Assert.That(DockerApiVersion.TryParse(ping.ApiVersion, out _), Is.True, ping.ApiVersion);
        Assert.That(ping.OsType, Is.EqualTo("linux"));
    }

    [Test]
    [CancelAfter(15000)]
    public async Task GetApiVersion_RunningEngine_IsLowerOfEngineAndClient(CancellationToken cancellationToken)
    {
        var engine = DockerApiVersion.Parse((await Client.Engine.GetVersionAsync(cancellationToken)).ApiVersion);

        var chosen = await Client.GetApiVersionAsync(cancellationToken);

        Assert.That(chosen, Is.EqualTo(engine < DockerApiVersion.MaxSupported ? engine : DockerApiVersion.MaxSupported));
    }

    [Test]
    [CancelAfter(15000)]
    public async Task GetInfo_RunningEngine_DescribesTheMachine(CancellationToken cancellationToken)
    {
        var info = await Client.Engine.GetInfoAsync(cancellationToken);

        Assert.That(info.CpuCount, Is.GreaterThan(0));
        Assert.That(info.MemoryBytes, Is.GreaterThan(0));
        Assert.That(info.ServerVersion, Is.Not.Empty);
        Assert.That(info.OsType, Is.EqualTo("linux"));
    }
}
