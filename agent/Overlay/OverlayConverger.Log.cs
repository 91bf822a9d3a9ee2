using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Overlay;

public sealed partial class OverlayConverger
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "overlay {Environment}: {Action}")]
    private partial void LogAction(string environment, OverlayAction action);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Warning, Message = "overlay {Environment}: rejected, keeping the last good state: {Problems}")]
    private partial void LogRejected(string environment, string problems);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Warning, Message = "overlay {Environment}: {Problem}")]
    private partial void LogProblem(string environment, string problem);
}
