using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Codemason.Controller.Api;
using Codemason.Controller.Errors;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Logs through the agents: asks each replica's node over its session (<see cref="LogRequest"/>)
/// and merges the <see cref="LogChunk"/>s that come back. Without follow, the lines of all
/// replicas are merged in time order; with follow, lines are passed on as they arrive.
/// </summary>
public sealed class AgentLogBroker(AgentConnections connections) : ILogBroker
{
    private readonly ConcurrentDictionary<string, Pending> _pending = new(StringComparer.Ordinal);

    public async IAsyncEnumerable<LogLine> StreamAsync(LogStreamRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var chunks = Channel.CreateUnbounded<LogChunk>();
        var requests = new List<(string Id, AgentConnection Connection)>();
        try
        {
            foreach (var location in request.Replicas)
            {
                var connection = connections.Get(location.Node) ?? throw new NodeUnavailableException(location.Node.Value);
                var id = Guid.NewGuid().ToString("N");
                _pending[id] = new Pending(location.Node, chunks.Writer);
                requests.Add((id, connection));
                connection.Send(new ControllerMessage
                {
                    LogRequest = new LogRequest
                    {
                        RequestId = id,
                        ReplicaId = location.Replica.Value,
                        Follow = request.Follow,
                        Tail = (uint)Math.Max(0, request.Tail),
                        Since = request.Since is { } since ? Timestamp.FromDateTimeOffset(since) : null,
                    },
                });
            }
            var open = requests.Count;
            var buffered = new List<LogLine>();
            await foreach (var chunk in chunks.Reader.ReadAllAsync(cancellationToken))
            {
                if (!string.IsNullOrEmpty(chunk.Error))
                {
                    throw new FailedPreconditionException($"cannot read logs: {chunk.Error}");
                }
                if (request.Follow)
                {
                    foreach (var line in chunk.Lines)
                    {
                        yield return line;
                    }
                }
                else
                {
                    buffered.AddRange(chunk.Lines);
                }
                if (chunk.End && --open == 0)
                {
                    break;
                }
            }
            foreach (var line in buffered.OrderBy(l => l.At?.ToDateTimeOffset() ?? default).ThenBy(l => l.ReplicaId, StringComparer.Ordinal))
            {
                yield return line;
            }
        }
        finally
        {
            foreach (var (id, connection) in requests)
            {
                if (_pending.TryRemove(id, out _))
                {
                    connection.Send(new ControllerMessage { LogCancel = new LogCancel { RequestId = id } });
                }
            }
        }
    }

    /// <summary>A chunk arrived from a node.</summary>
    public void Deliver(NodeId node, LogChunk chunk)
    {
        if (_pending.TryGetValue(chunk.RequestId, out var pending) && pending.Node == node)
        {
            pending.Writer.TryWrite(chunk);
        }
    }

    /// <summary>A node's session ended: its log requests end with an error.</summary>
    public void NodeDisconnected(NodeId node)
    {
        foreach (var (id, pending) in _pending.Where(p => p.Value.Node == node).ToList())
        {
            pending.Writer.TryWrite(new LogChunk { RequestId = id, End = true, Error = $"node {node.Value} disconnected" });
        }
    }

    private sealed record Pending(NodeId Node, ChannelWriter<LogChunk> Writer);
}
