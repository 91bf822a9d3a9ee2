using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Proto.V1;

namespace Codemason.Controller.Networking;

/// <summary>
/// Keeps every connected node's view of its environment's network current (docs/networking.md), level-triggered
/// (<see cref="EnvironmentPublisher"/>): changes of replicas, nodes and apps, a new session and the resync of every
/// environment with a connected node queue the environment; a pass reads its network once, builds each node's
/// message and sends it to the sessions whose last one differs. A short settle delay lets a burst of status changes
/// (a deploy) become one message.
/// </summary>
public sealed class NetworkPublisher(
    IChangeFeed feed, INetworkStore store, AgentConnections connections, TimeProvider time, ILogger<NetworkPublisher> logger)
    : EnvironmentPublisher(feed, time, logger)
{
    /// <inheritdoc />
    protected override TimeSpan SettleDelay => TimeSpan.FromMilliseconds(100);

    /// <inheritdoc />
    protected override string Work => "publishing the network";

    /// <inheritdoc />
    protected override bool Follows(ResourceKind kind) =>
        kind is ResourceKind.Replica or ResourceKind.Node or ResourceKind.App or ResourceKind.Environment;

    /// <inheritdoc />
    protected override Task<IEnumerable<string>> EnvironmentsToResyncAsync(CancellationToken cancellationToken) =>
        Task.FromResult(connections.Live.Select(c => c.Environment).Distinct(StringComparer.Ordinal));

    /// <inheritdoc />
    protected override async Task PublishAsync(string environment, CancellationToken cancellationToken)
    {
        // Agents without an address other servers reach (older ones, simulations, loopback) are not on the overlay.
        var sessions = connections.Live.Where(c => c.Environment == environment && NetworkMessage.CanJoin(c.AdvertiseAddress)).ToList();
        if (sessions.Count == 0)
        {
            return;
        }
        var snapshot = await store.GetNetworkSnapshotAsync(environment, cancellationToken);
        var apps = EndpointTable.Build(snapshot.Services, snapshot.Members);
        foreach (var session in sessions)
        {
            if (NetworkMessage.For(snapshot, apps, session.Node) is { } network && !network.Equals(session.SentNetwork))
            {
                session.SentNetwork = network;
                session.Send(new ControllerMessage { Network = network });
            }
        }
    }
}
