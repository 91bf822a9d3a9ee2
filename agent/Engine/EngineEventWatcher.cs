using Codemason.Agent.Reconciliation;
using Codemason.Docker;
using Codemason.Docker.Events;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Engine;

/// <summary>
/// Follows the engine's <c>/events</c> stream and turns what concerns this node's objects into
/// reconcile keys: a killed container is looked at within milliseconds, not at the next re-list.
/// When the stream breaks (engine restart) it reconnects with backoff and asks for a full re-list,
/// since events may have been missed.
/// </summary>
public sealed partial class EngineEventWatcher(
    IDockerClient docker, NodeScope scope, EngineNames names, Reconciler reconciler, TimeProvider time, ILogger<EngineEventWatcher> logger,
    Registry.RegistryService? registry = null, Edge.EdgeService? edge = null)
{
    private static readonly HashSet<string> ContainerActions = new(StringComparer.Ordinal)
    {
        "die", "oom", "destroy", "stop", "kill", "pause", "unpause", "start", "create",
    };

    /// <summary>Runs until cancelled.</summary>
    public Task RunAsync(CancellationToken cancellationToken) =>
        Task.WhenAll(WatchAsync("containers", ContainerFilter(), OnContainerEvent, cancellationToken),
            WatchAsync("networks", new DockerFilters().Add("type", "network").Add("event", "destroy"), OnNetworkEvent, cancellationToken));

    private DockerFilters ContainerFilter() => scope.Filter().Add("type", "container");

    private async Task WatchAsync(string what, DockerFilters filters, Action<DockerEvent> onEvent, CancellationToken cancellationToken)
    {
        var failures = 0;
        while (!cancellationToken.IsCancellationRequested)
        {
            try
            {
                await foreach (var message in docker.Engine.StreamEventsAsync(new EventsQuery { Filters = filters }, cancellationToken))
                {
                    if (failures > 0)
                    {
                        LogReconnected(what);
                        failures = 0;
                    }
                    onEvent(message);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception ex) when (ex is Docker.Errors.DockerException or HttpRequestException or IOException or System.Text.Json.JsonException)
            {
                failures++;
                LogStreamBroken(what, ex.Message);
            }
            // Whatever happened while the stream was down is found by a full re-list.
            reconciler.RequestResync();
            var delay = TimeSpan.FromMilliseconds(Math.Min(5000, 100 * Math.Pow(2, Math.Min(failures, 6))) * (0.8 + (Random.Shared.NextDouble() * 0.4)));
            try
            {
                await Task.Delay(delay, time, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void OnContainerEvent(DockerEvent message)
    {
        if (!ContainerActions.Contains(message.Action) && !message.Action.StartsWith("health_status", StringComparison.Ordinal))
        {
            return;
        }
        // The registry container this node runs: its own loop looks (a docker rm -f is repaired at once).
        if (registry is not null && message.Actor.Attributes?.ContainsKey(ManagedLabels.Registry) == true && scope.Owns(message.Actor.Attributes))
        {
            registry.Touch();
            return;
        }
        // The edge container this node runs: likewise.
        if (edge is not null && message.Actor.Attributes?.ContainsKey(ManagedLabels.Edge) == true && scope.Owns(message.Actor.Attributes))
        {
            edge.Touch();
            return;
        }
        // Another agent's container on this engine: none of this agent's business.
        if (!scope.Owns(message.Actor.Attributes) || ManagedLabels.ReplicaOf(message.Actor.Attributes) is not { } replica)
        {
            return;
        }
        LogEvent(message.Action, replica.Value);
        reconciler.Touch(replica);
        if (message.Action is "start" or "die" or "destroy" || message.Action.StartsWith("health_status", StringComparison.Ordinal))
        {
            edge?.ReplicaChanged();
        }
    }

    private void OnNetworkEvent(DockerEvent message)
    {
        if (message.Actor.Attributes?.TryGetValue("name", out var name) == true && name.StartsWith(names.Prefix, StringComparison.Ordinal))
        {
            reconciler.NetworksChanged();
        }
    }

    [LoggerMessage(EventId = 1200, Level = LogLevel.Warning, Message = "engine {What} event stream broke ({Reason}); reconnecting")]
    private partial void LogStreamBroken(string what, string reason);

    [LoggerMessage(EventId = 1202, Level = LogLevel.Debug, Message = "engine event {Action} for {Replica}")]
    private partial void LogEvent(string action, string replica);

    [LoggerMessage(EventId = 1201, Level = LogLevel.Information, Message = "engine {What} event stream reconnected")]
    private partial void LogReconnected(string what);
}
