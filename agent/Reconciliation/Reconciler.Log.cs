using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Reconciliation;

public sealed partial class Reconciler
{
    [LoggerMessage(EventId = 1100, Level = LogLevel.Information, Message = "{Key}: {Action}")]
    private partial void LogAction(string key, ReplicaAction action);

    [LoggerMessage(EventId = 1101, Level = LogLevel.Information, Message = "{Replica} is {State} {Detail}")]
    private partial void LogState(string replica, Proto.V1.ReplicaState state, string detail);

    [LoggerMessage(EventId = 1102, Level = LogLevel.Information, Message = "{Key}: {Reason}; retrying in {Delay}")]
    private partial void LogRetryLater(ReconcileKey key, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1103, Level = LogLevel.Warning, Message = "{Key}: the Docker engine is unavailable ({Reason}); retrying in {Delay}")]
    private partial void LogEngineUnavailable(ReconcileKey key, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1104, Level = LogLevel.Warning, Message = "{Key}: {Reason}; retrying in {Delay}")]
    private partial void LogActionFailed(ReconcileKey key, string reason, TimeSpan delay);

    [LoggerMessage(EventId = 1106, Level = LogLevel.Debug, Message = "{Key} reconciled in {Elapsed}")]
    private partial void LogProcessed(ReconcileKey key, TimeSpan elapsed);

    [LoggerMessage(EventId = 1105, Level = LogLevel.Error, Message = "{Key}: unexpected failure; retrying in {Delay}")]
    private partial void LogUnexpected(Exception exception, ReconcileKey key, TimeSpan delay);
}
