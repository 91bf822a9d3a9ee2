using System.Collections.Concurrent;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// The live agent sessions, one per node: a second session claiming a node closes the older one.
/// Also remembers when each node was last heard from, after its session ended.
/// </summary>
public sealed class AgentConnections(TimeProvider time)
{
    private readonly ConcurrentDictionary<NodeId, AgentConnection> _live = new();
    private readonly ConcurrentDictionary<NodeId, DateTimeOffset> _lastSeen = new();

    /// <summary>When the controller started: the last-seen time of nodes not heard from since.</summary>
    public DateTimeOffset Started { get; } = time.GetUtcNow();

    public IReadOnlyCollection<AgentConnection> Live => [.. _live.Values];

    /// <summary>Registers a session; returns the one it superseded, if any.</summary>
    public AgentConnection? Open(AgentConnection connection)
    {
        AgentConnection? previous = null;
        _live.AddOrUpdate(connection.Node, connection, (_, old) =>
        {
            previous = old;
            return connection;
        });
        return previous;
    }

    /// <summary>Removes a session (only if it is still the node's current one).</summary>
    public void Close(AgentConnection connection)
    {
        _lastSeen[connection.Node] = connection.LastSeen;
        _live.TryRemove(new KeyValuePair<NodeId, AgentConnection>(connection.Node, connection));
    }

    public AgentConnection? Get(NodeId node) => _live.GetValueOrDefault(node);

    /// <summary>When the node was last heard from: live session, ended session, or never since start.</summary>
    public DateTimeOffset LastSeen(NodeId node) =>
        _live.TryGetValue(node, out var live) ? live.LastSeen
        : _lastSeen.TryGetValue(node, out var seen) ? seen
        : Started;

    public void Wake(NodeId node) => Get(node)?.Wake();

    /// <summary>A change of <paramref name="revision"/> (committed at <paramref name="committedAt"/>, caused by <paramref name="traceparent"/>) concerns the node.</summary>
    public void Wake(NodeId node, long revision, DateTimeOffset committedAt, string? traceparent) => Get(node)?.Wake(revision, committedAt, traceparent);

    public void WakeEnvironment(string environment, long revision, DateTimeOffset committedAt, string? traceparent)
    {
        foreach (var connection in _live.Values.Where(c => c.Environment == environment))
        {
            connection.Wake(revision, committedAt, traceparent);
        }
    }

    /// <summary>Every session of the environment sends a COMPLETE set next (its host policy changed, which only COMPLETE sets carry).</summary>
    public void RequestCompleteForEnvironment(string environment)
    {
        foreach (var connection in _live.Values.Where(c => c.Environment == environment))
        {
            connection.RequestComplete();
        }
    }

    public void WakeAll()
    {
        foreach (var connection in _live.Values)
        {
            connection.Wake();
        }
    }
}
