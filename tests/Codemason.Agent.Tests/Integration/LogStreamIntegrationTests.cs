using System.Threading.Channels;
using Codemason.Proto.V1;
using Codemason.Testing;

namespace Codemason.Agent.Tests.Integration;

/// <summary>The agent answering log requests from a real container's output.</summary>
[Category("Integration")]
[CancelAfter(60_000)]
public sealed class LogStreamIntegrationTests
{
    [Test]
    public async Task Follow_ContainerPrintsThreeLinesThenSleeps_LinesArriveWithoutMoreOutput(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        await using var agent = new AgentHarness(engine);
        var replica = AgentHarness.Replica("talk", "web", 1, "sh", "-c", "echo one; echo two; echo three; exec sleep 3600");
        await agent.AssignAsync([replica], cancellationToken);
        await agent.StartAsync(cancellationToken);
        await Eventually.TrueAsync(async () => (await engine.Client.Containers.ListAsync(new() { Filters = engine.Filter() }, cancellationToken))
            is [{ State: "running" }], TimeSpan.FromSeconds(30), "the replica running", cancellationToken);

        var outbox = Channel.CreateUnbounded<AgentMessage>();
        agent.Logs.Start(new LogRequest { RequestId = "follow-1", ReplicaId = replica.ReplicaId, Follow = true }, outbox.Writer, cancellationToken);
        var lines = new List<string>();
        using var quiet = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Generous for a loaded machine; before the chunks were time-driven these lines never came.
        quiet.CancelAfter(TimeSpan.FromSeconds(10));
        while (lines.Count < 3)
        {
            LogChunk chunk;
            try
            {
                chunk = (await outbox.Reader.ReadAsync(quiet.Token)).Logs;
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                Assert.Fail($"{lines.Count} of the 3 lines arrived within 10 s of a follow request");
                throw;
            }
            Assert.That(chunk.End, Is.False, "the stream ended although the container runs: " + chunk.Error);
            lines.AddRange(chunk.Lines.Select(l => l.Text));
        }
        agent.Logs.Cancel("follow-1");

        Assert.That(lines, Is.EqualTo(new[] { "one", "two", "three" }));
    }
}
