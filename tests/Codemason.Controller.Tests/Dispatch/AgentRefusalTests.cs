using System.Diagnostics.Metrics;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// Abuse of the agent stream against the real controller (in process, real HTTP/2 on 127.0.0.1, real SQLite): forged
/// join tokens are refused without a node, each counted in <c>codemason.controller.agent.refusals</c>, with at most one
/// log line per <c>Dispatcher:RefusalLogInterval</c>; a stream that sends no Hello is closed; the server's connection
/// limit holds (docs/security.md, "Limits").
/// </summary>
[NonParallelizable]
public sealed class AgentRefusalTests
{
    private const string RefusalsInstrument = "codemason.controller.agent.refusals";

    [Test]
    [CancelAfter(120_000)]
    public async Task Connect_ManyForgedJoinTokens_AllRefusedAndCountedWithOneLogLineForTheInterval(CancellationToken cancellationToken)
    {
        const int Forged = 400;
        using var logs = new CapturingLoggerProvider();
        // An interval longer than the test: every refusal after the first falls in it, however slow the machine.
        await using var host = await ControllerTestHost.StartAsync(
            new Dictionary<string, string?> { ["Dispatcher:RefusalLogInterval"] = "01:00:00" }, dispatcher: true, logs: logs);
        await host.Client.CreateEnvironmentAsync("prod");
        var realToken = (await host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        using var counted = new RefusalCounter();
        var before = logs.Lines.Count;

        var statuses = new List<StatusCode>();
        for (var round = 0; round < Forged / 20; round++)
        {
            // A connection per round: Kestrel answers many quickly reset streams on one connection with ENHANCE_YOUR_CALM.
            using var channel = GrpcChannelFactory.Create(host.Address);
            var calls = Enumerable.Range(0, 20).Select(i => RawAgentStream.RefusalAsync(channel,
                new Hello { JoinToken = Forgery(realToken, (round * 20) + i), Hostname = "mallory" }, cancellationToken));
            statuses.AddRange((await Task.WhenAll(calls)).Select(s => s.StatusCode));
        }

        var flood = logs.Lines.Skip(before).ToList();
        var nodes = await host.Client.ListNodesAsync("prod");
        Assert.Multiple(() =>
        {
            Assert.That(statuses, Has.Count.EqualTo(Forged).And.All.EqualTo(StatusCode.Unauthenticated));
            Assert.That(nodes.Nodes, Is.Empty, "no node was made");
            Assert.That(counted.Total("join_token"), Is.EqualTo(Forged), "every refusal counted");
            Assert.That(flood.Where(l => l.Level >= LogLevel.Warning).Select(l => l.Message).ToList(), Has.Count.EqualTo(1),
                "one warning for the interval");
            Assert.That(flood.Where(l => l.Category.StartsWith("Codemason", StringComparison.Ordinal)).ToList(), Has.Count.EqualTo(1),
                "no other line of the controller's own about them");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Connect_NoHello_StreamClosedWithDeadlineExceededAndCounted(CancellationToken cancellationToken)
    {
        await using var host = await ControllerTestHost.StartAsync(dispatcher: true);
        using var counted = new RefusalCounter();
        using var channel = GrpcChannelFactory.Create(host.Address);
        using var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: cancellationToken);

        var error = Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(cancellationToken));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(error.Status.Detail, Does.Contain("Dispatcher:HelloTimeout"));
        Assert.That(counted.Total("hello_timeout"), Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Call_PastMaxConcurrentConnections_RefusedWhileTheFirstConnectionServes(CancellationToken cancellationToken)
    {
        await using var host = await ControllerTestHost.StartAsync(new Dictionary<string, string?> { ["ServerLimits:MaxConcurrentConnections"] = "1" });
        var first = await host.Client.CheckHealthAsync();
        using var second = GrpcChannelFactory.Create(host.Address);

        var error = Assert.ThrowsAsync<RpcException>(() => new ApiClient(second, host.AdminToken).CheckHealthAsync());
        var again = await host.Client.CheckHealthAsync();

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
        Assert.That(again.Status, Is.EqualTo(first.Status), "the connection within the limit keeps working");
    }

    /// <summary>Tokens that look like join tokens: the real one's id with another secret, unknown ids, and garbage.</summary>
    private static string Forgery(string real, int i) => (i % 3) switch
    {
        0 => string.Concat(real.AsSpan(0, real.LastIndexOf('_') + 1), $"forged-secret-{i}"),
        1 => $"cmj_{i:x16}_forged",
        _ => $"not-a-token-{i}",
    };

    /// <summary>Sums the refusal counter, by reason, from the moment it is made.</summary>
    private sealed class RefusalCounter : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly Dictionary<string, long> _totals = [];
        private readonly Lock _gate = new();

        public RefusalCounter()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Codemason.Controller" && instrument.Name == RefusalsInstrument)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
            {
                var reason = "";
                foreach (var tag in tags)
                {
                    if (tag.Key == "reason")
                    {
                        reason = tag.Value as string ?? "";
                    }
                }
                lock (_gate)
                {
                    _totals[reason] = _totals.GetValueOrDefault(reason) + value;
                }
            });
            _listener.Start();
        }

        public long Total(string reason)
        {
            lock (_gate)
            {
                return _totals.GetValueOrDefault(reason);
            }
        }

        public void Dispose() => _listener.Dispose();
    }
}
