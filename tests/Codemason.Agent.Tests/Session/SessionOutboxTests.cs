using Codemason.Agent.Session;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Session;

/// <summary>
/// The session's outbox under a log flood: heartbeats and statuses overtake queued log chunks, the log queue stays
/// within its bound, and what was dropped is counted in a marker line of the request's next chunk.
/// </summary>
public sealed class SessionOutboxTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task ReadAllAsync_LogFloodThenHeartbeat_HeartbeatGoesFirstAndTheQueueStaysBounded(CancellationToken cancellationToken)
    {
        var outbox = new SessionOutbox(TimeProvider.System, maxQueuedLogBytes: 64 * 1024);
        for (var i = 0; i < 1_000; i++)
        {
            outbox.TryWrite(new AgentMessage { Logs = Chunk("r1", lines: 200, from: i * 200) });
        }
        outbox.TryWrite(new AgentMessage { Heartbeat = new Heartbeat { Sequence = 1 } });
        outbox.TryWrite(new AgentMessage { Status = new StatusBatch() });
        outbox.TryComplete();

        var sent = new List<AgentMessage>();
        await foreach (var message in outbox.ReadAllAsync(cancellationToken))
        {
            sent.Add(message);
        }

        var logBytes = sent.Where(m => m.KindCase == AgentMessage.KindOneofCase.Logs).Sum(m => m.Logs.CalculateSize());
        var sentLines = sent.Where(m => m.KindCase == AgentMessage.KindOneofCase.Logs).Sum(m => m.Logs.Lines.Count);
        Assert.Multiple(() =>
        {
            Assert.That(sent.Take(2).Select(m => m.KindCase), Is.EqualTo(new[] { AgentMessage.KindOneofCase.Heartbeat, AgentMessage.KindOneofCase.Status }),
                "control messages overtake every queued log chunk");
            Assert.That(logBytes, Is.LessThanOrEqualTo(64 * 1024), "the log queue held no more than its bound");
            Assert.That(outbox.DroppedLogLines, Is.EqualTo((1_000 * 200) - sentLines));
            Assert.That(outbox.DroppedLogLines, Is.GreaterThan(0));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task TryWrite_ChunksDroppedThenRoomAgain_NextChunkStartsWithTheCountDropped(CancellationToken cancellationToken)
    {
        var outbox = new SessionOutbox(TimeProvider.System, maxQueuedLogBytes: 4096);
        var first = Chunk("r1", lines: 100, from: 0);
        outbox.TryWrite(new AgentMessage { Logs = first });
        outbox.TryWrite(new AgentMessage { Logs = Chunk("r1", lines: 200, from: 100) });
        outbox.TryWrite(new AgentMessage { Logs = Chunk("r1", lines: 200, from: 300) });
        outbox.TryRead(out var head);
        var last = Chunk("r1", lines: 3, from: 500);
        last.End = true;
        outbox.TryWrite(new AgentMessage { Logs = last });
        outbox.TryComplete();

        var rest = new List<LogChunk>();
        await foreach (var message in outbox.ReadAllAsync(cancellationToken))
        {
            rest.Add(message.Logs);
        }

        Assert.Multiple(() =>
        {
            Assert.That(head!.Logs.Lines, Has.Count.EqualTo(100));
            Assert.That(rest, Has.Count.EqualTo(1));
            Assert.That(rest[0].Lines[0].Text, Does.StartWith("[codemason] 400 log lines dropped"));
            Assert.That(rest[0].Lines[0].ReplicaId, Is.EqualTo("e/a/w#1"));
            Assert.That(rest[0].Lines.Skip(1).Select(l => l.Text), Is.EqualTo(new[] { "line 500", "line 501", "line 502" }));
            Assert.That(rest[0].End, Is.True);
        });
    }

    private static LogChunk Chunk(string request, int lines, int from)
    {
        var chunk = new LogChunk { RequestId = request };
        for (var i = 0; i < lines; i++)
        {
            chunk.Lines.Add(new LogLine { ReplicaId = "e/a/w#1", Stream = "stdout", Text = $"line {from + i}" });
        }
        return chunk;
    }
}
