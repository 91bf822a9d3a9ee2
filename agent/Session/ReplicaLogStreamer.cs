using System.Collections.Concurrent;
using System.Threading.Channels;
using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Session;

/// <summary>
/// Answers the controller's log requests: reads a replica's container logs from the engine and
/// sends them back in chunks (at most 200 lines, or what arrived within 50 ms).
/// </summary>
public sealed class ReplicaLogStreamer(IDockerClient docker, EngineObserver observer)
{
    private const int MaxLinesPerChunk = 200;
    private static readonly TimeSpan ChunkWindow = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, CancellationTokenSource> _running = new(StringComparer.Ordinal);

    /// <summary>Starts answering a request in the background.</summary>
    public void Start(LogRequest request, ChannelWriter<AgentMessage> outbox, CancellationToken session)
    {
        var cancel = CancellationTokenSource.CreateLinkedTokenSource(session);
        if (!_running.TryAdd(request.RequestId, cancel))
        {
            cancel.Dispose();
            return;
        }
        _ = Task.Run(async () =>
        {
            try
            {
                await StreamAsync(request, outbox, cancel.Token);
            }
            finally
            {
                _running.TryRemove(request.RequestId, out _);
                cancel.Dispose();
            }
        }, CancellationToken.None);
    }

    /// <summary>Stops a request.</summary>
    public void Cancel(string requestId)
    {
        if (_running.TryGetValue(requestId, out var cancel))
        {
            cancel.Cancel();
        }
    }

    private async Task StreamAsync(LogRequest request, ChannelWriter<AgentMessage> outbox, CancellationToken cancellationToken)
    {
        var chunk = new LogChunk { RequestId = request.RequestId };
        try
        {
            var containers = await observer.ReplicaAsync(new ReplicaId(request.ReplicaId), cancellationToken);
            var container = containers.OrderByDescending(c => c.State == ContainerRunState.Running).ThenByDescending(c => c.Created).FirstOrDefault();
            if (container is null)
            {
                chunk.Error = $"replica {request.ReplicaId} has no container on this node";
                chunk.End = true;
                outbox.TryWrite(new AgentMessage { Logs = chunk });
                return;
            }
            var options = new LogsOptions
            {
                Follow = request.Follow,
                Tail = request.Tail > 0 ? (int)request.Tail : null,
                Since = request.Since?.ToDateTimeOffset(),
                Timestamps = true,
            };
            var lastSent = DateTimeOffset.UtcNow;
            await foreach (var frame in docker.Containers.ReadLogsAsync(container.Id, options, cancellationToken))
            {
                foreach (var line in Lines(frame, request.ReplicaId))
                {
                    chunk.Lines.Add(line);
                }
                if (chunk.Lines.Count >= MaxLinesPerChunk || (request.Follow && DateTimeOffset.UtcNow - lastSent >= ChunkWindow))
                {
                    outbox.TryWrite(new AgentMessage { Logs = chunk });
                    chunk = new LogChunk { RequestId = request.RequestId };
                    lastSent = DateTimeOffset.UtcNow;
                }
            }
            chunk.End = true;
            outbox.TryWrite(new AgentMessage { Logs = chunk });
        }
        catch (OperationCanceledException)
        {
            // Cancelled by the controller or the session ended.
        }
        catch (DockerException ex)
        {
            outbox.TryWrite(new AgentMessage { Logs = new LogChunk { RequestId = request.RequestId, End = true, Error = ex.Message } });
        }
    }

    private static IEnumerable<LogLine> Lines(LogFrame frame, string replicaId)
    {
        var stream = frame.Stream == LogStream.Stderr ? "stderr" : "stdout";
        frame.TrySplitTimestamp(out var at, out var text);
        foreach (var part in text.Split('\n'))
        {
            if (part.Length == 0)
            {
                continue;
            }
            yield return new LogLine
            {
                At = Timestamp.FromDateTimeOffset(at == default ? DateTimeOffset.UtcNow : at),
                Stream = stream,
                Text = part.TrimEnd('\r'),
                ReplicaId = replicaId,
            };
        }
    }
}
