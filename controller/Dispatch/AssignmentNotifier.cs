using Codemason.Controller.Store;
using Codemason.Proto.V1;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// Follows the store's change feed and wakes the sessions of nodes whose assignments changed
/// (a replica placed on, moved to or away from the node; an app deleted in its environment).
/// A session that wakes reads its changes from the store, so a missed wake costs nothing but time:
/// if the feed overflows, every session is woken.
/// </summary>
public sealed partial class AssignmentNotifier(IChangeFeed feed, AgentConnections connections, ILogger<AssignmentNotifier> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe();
            try
            {
                await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    Route(change);
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
            connections.WakeAll();
        }
    }

    private void Route(ChangeRecord change)
    {
        if (change.Kind == ResourceKind.App && change.Type == ChangeType.Deleted)
        {
            connections.WakeEnvironment(change.Environment, change.Revision, change.At, change.Traceparent);
            return;
        }
        if (!change.AssignmentChanged)
        {
            return;
        }
        if (change.Node is { } node)
        {
            connections.Wake(node, change.Revision, change.At, change.Traceparent);
        }
        if (change.PreviousNode is { } previous)
        {
            connections.Wake(previous, change.Revision, change.At, change.Traceparent);
        }
    }

    [LoggerMessage(EventId = 3100, Level = LogLevel.Warning, Message = "change feed overflowed; waking every agent session to resynchronise")]
    private partial void LogOverflow();
}
