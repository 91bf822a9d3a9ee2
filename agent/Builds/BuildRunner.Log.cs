using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Builds;

public sealed partial class BuildRunner
{
    [LoggerMessage(EventId = 1800, Level = LogLevel.Information, Message = "build started: {Tags} ({Limits})")]
    private partial void LogStarted(string tags, string limits);

    [LoggerMessage(EventId = 1801, Level = LogLevel.Information, Message = "build waiting for a slot ({MaxConcurrent} at once on this node)")]
    private partial void LogWaiting(int maxConcurrent);

    [LoggerMessage(EventId = 1802, Level = LogLevel.Information, Message = "build succeeded: image {ImageId}, {Pushed} tag(s) pushed")]
    private partial void LogSucceeded(string imageId, int pushed);

    [LoggerMessage(EventId = 1803, Level = LogLevel.Warning, Message = "build failed: {Error}")]
    private partial void LogFailed(string error);

    [LoggerMessage(EventId = 1804, Level = LogLevel.Error, Message = "build failed inside the agent")]
    private partial void LogBuildCrashed(Exception error);

    [LoggerMessage(EventId = 1805, Level = LogLevel.Warning, Message = "build result not sent: {Reason}")]
    private partial void LogResultNotSent(string reason);

    [LoggerMessage(EventId = 1806, Level = LogLevel.Warning, Message = "build {BuildId}: the call to the controller failed: {Reason}")]
    private partial void LogCallFailed(string buildId, string reason);

    [LoggerMessage(EventId = 1807, Level = LogLevel.Error, Message = "build {BuildId} ended without a result")]
    private partial void LogBuildAbandoned(string buildId, Exception error);
}
