using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Edge;

/// <summary>
/// Keeps every connected node's edge current (docs/edge.md), level-triggered (<see cref="EnvironmentPublisher"/>):
/// changes of replicas, nodes and apps, a new session and the resync of every environment with a connected node queue
/// the environment; a pass reads its routes and running replicas once, builds each node's message and sends it to the
/// sessions whose last one differs, with the open ACME answers (<see cref="EdgeChallenges"/>). A short settle delay lets
/// a burst of status changes (a deploy) become one message.
/// </summary>
public sealed class EdgePublisher(
    IChangeFeed feed, IEdgeStore store, AgentConnections connections, EdgeChallenges challenges, IOptions<EdgeOptions> options,
    TimeProvider time, ILogger<EdgePublisher> logger)
    : EnvironmentPublisher(feed, time, logger)
{
    /// <inheritdoc />
    protected override TimeSpan SettleDelay => TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    protected override string Work => "publishing the edge";

    /// <inheritdoc />
    protected override bool Follows(ResourceKind kind) =>
        kind is ResourceKind.Replica or ResourceKind.Node or ResourceKind.App or ResourceKind.Environment;

    /// <inheritdoc />
    protected override Task<IEnumerable<string>> EnvironmentsToResyncAsync(CancellationToken cancellationToken) =>
        Task.FromResult(connections.Live.Select(c => c.Environment).Distinct(StringComparer.Ordinal));

    /// <inheritdoc />
    protected override async Task PublishAsync(string environment, CancellationToken cancellationToken)
    {
        var sessions = connections.Live.Where(c => c.Environment == environment).ToList();
        if (sessions.Count == 0)
        {
            return;
        }
        var snapshot = await store.GetEdgeSnapshotAsync(environment, cancellationToken) with { Challenges = challenges.Of(environment) };
        var server = EdgeMessage.Server(snapshot, RouteTable.Build(snapshot), options.Value);
        foreach (var session in sessions)
        {
            var edge = EdgeMessage.For(snapshot, server, session.Node);
            if (!edge.Equals(session.SentEdge))
            {
                session.SentEdge = edge;
                session.Send(new ControllerMessage { Edge = edge });
            }
        }
    }
}
