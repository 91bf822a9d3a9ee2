using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Infrastructure;

/// <summary>
/// Tests that talk to a real controller (in process, real HTTP/2 on 127.0.0.1, real SQLite, dispatcher on) through
/// <see cref="RawAgentStream"/>s: one controller and one channel per test.
/// </summary>
[NonParallelizable]
public abstract class RawAgentStreamTest
{
    protected ControllerTestHost Host { get; private set; } = null!;

    protected GrpcChannel Channel { get; private set; } = null!;

    /// <summary>Configuration the controller starts with (none by default).</summary>
    protected virtual IDictionary<string, string?>? Settings => null;

    [SetUp]
    public async Task StartController()
    {
        Host = await ControllerTestHost.StartAsync(Settings, dispatcher: true);
        Channel = GrpcChannelFactory.Create(Host.Address);
    }

    [TearDown]
    public async Task StopController()
    {
        Channel.Dispose();
        await Host.DisposeAsync();
    }

    /// <summary>What the raw agents report as their capacity: room for every test's replicas.</summary>
    protected static Resources Capacity() => new() { MemoryMb = 8192, CpuShares = 4096 };
}
