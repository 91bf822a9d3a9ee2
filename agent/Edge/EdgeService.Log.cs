using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Edge;

public sealed partial class EdgeService
{
    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "edge: {Action}")]
    private partial void LogActed(string action);

    [LoggerMessage(EventId = 2001, Level = LogLevel.Warning, Message = "edge of environment {Environment} could not be reconciled: {Reason}; retrying")]
    private partial void LogFailed(string environment, string reason, Exception exception);

    [LoggerMessage(EventId = 2002, Level = LogLevel.Error, Message = "{Reason}; the edge container is left as it is")]
    private partial void LogMalformed(string reason);
}
