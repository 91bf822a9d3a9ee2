using Codemason.Controller.Dispatch;
using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Codemason.Queue;

namespace Codemason.Controller.Networking;

/// <summary>
/// Keeps every connected node's view of its environment's network current (docs/networking.md), level-triggered:
/// changes of replicas, nodes and apps, a new session and a periodic resync only queue the environment; one
/// worker reads the environment's network once, builds each node's message and sends it to the sessions whose
/// last one differs. A short settle delay lets a burst of status changes (a deploy) become one message.
/// </summary>
public sealed partial class NetworkPublisher(
    IChangeFeed feed, INetworkStore store, AgentConnections connections, TimeProvider time, ILogger<NetworkPublisher> logger)
    : BackgroundService, ISessionStatePublisher
{
    /// <summary>How long a queued environment waits before it is read, so the changes of one burst travel together.</summary>
    public static readonly TimeSpan SettleDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>How often every environment with a connected node is published again, whatever happened.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private readonly WorkQueue<string> _queue = new(time, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <inheritdoc />
    public void Enqueue(string environment) => _queue.Add(environment);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(stoppingToken), ResyncAsync(stoppingToken), WorkAsync(stoppingToken));

    /// <summary>Queues the environment of every change that can alter a network: a replica, node, app or environment.</summary>
    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe();
            try
            {
                await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    if (change.Kind is ResourceKind.Replica or ResourceKind.Node or ResourceKind.App or ResourceKind.Environment)
                    {
                        _queue.Add(change.Environment);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChangeFeedOverflowException)
            {
                LogOverflow();
            }
            EnqueueConnected();
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ResyncInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                EnqueueConnected();
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private void EnqueueConnected()
    {
        foreach (var environment in connections.Live.Select(c => c.Environment).Distinct(StringComparer.Ordinal))
        {
            _queue.Add(environment);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string environment;
            try
            {
                environment = await _queue.TakeAsync(stoppingToken);
                await Task.Delay(SettleDelay, time, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await PublishAsync(environment, stoppingToken);
                _queue.Forget(environment);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(environment, _queue.AddRateLimited(environment), e);
            }
            finally
            {
                _queue.Done(environment);
            }
        }
    }

    private async Task PublishAsync(string environment, CancellationToken cancellationToken)
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

    public override void Dispose()
    {
        _queue.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "change feed overflowed; publishing every connected environment's network again")]
    private partial void LogOverflow();

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "publishing the network of environment {Environment} failed; retrying in {Delay}")]
    private partial void LogFailed(string environment, TimeSpan delay, Exception exception);
}
