using System.Collections.Concurrent;
using System.Threading.Channels;
using Codemason.Agent.Engine;
using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;

namespace Codemason.Agent.Session;

/// <summary>
/// Answers the controller's log requests: reads a replica's container logs from the engine and
/// sends them back in chunks: at most 200 lines, none held back longer than 50 ms, also when the
/// container has gone quiet (see <see cref="LogChunker"/>).
/// </summary>
public sealed class ReplicaLogStreamer(IDockerClient docker, EngineObserver observer, TimeProvider time)
{
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
        try
        {
            if (!ReplicaId.TryParse(request.ReplicaId, out var replica))
            {
                outbox.TryWrite(new AgentMessage
                {
                    Logs = new LogChunk { RequestId = request.RequestId, End = true, Error = $"replica id \"{request.ReplicaId}\" is malformed: expected {ReplicaId.Form}" },
                });
                return;
            }
            var containers = await observer.ReplicaAsync(replica, cancellationToken);
            var container = containers.OrderByDescending(c => c.State == ContainerRunState.Running).ThenByDescending(c => c.Created).FirstOrDefault();
            if (container is null)
            {
                outbox.TryWrite(new AgentMessage
                {
                    Logs = new LogChunk { RequestId = request.RequestId, End = true, Error = $"replica {request.ReplicaId} has no container on this node" },
                });
                return;
            }
            var options = new LogsOptions
            {
                Follow = request.Follow,
                Tail = request.Tail > 0 ? (int)request.Tail : null,
                Since = request.Since?.ToDateTimeOffset(),
                Timestamps = true,
            };
            var frames = docker.Containers.ReadLogsAsync(container.Id, options, cancellationToken);
            await foreach (var chunk in LogChunker.ChunkAsync(request.RequestId, request.ReplicaId, frames, time, cancellationToken))
            {
                outbox.TryWrite(new AgentMessage { Logs = chunk });
            }
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
}
