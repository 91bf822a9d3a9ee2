namespace Codemason.Edge.Configuration;

internal sealed partial class EdgeConfigWatcher
{
    // Event ids 2100-2119: the edge's configuration.
    [LoggerMessage(EventId = 2100, Level = LogLevel.Information, Message = "Applied configuration {Version}: {Routes} routes, {Certificates} certificates")]
    private static partial void LogApplied(ILogger logger, string version, int routes, int certificates);

    [LoggerMessage(EventId = 2101, Level = LogLevel.Error, Message = "Rejected the new configuration, still serving {Version}: {Error}")]
    private static partial void LogRejected(ILogger logger, string version, string error);

    [LoggerMessage(EventId = 2102, Level = LogLevel.Warning, Message = "Cannot read {Path}: {Error}")]
    private static partial void LogUnreadable(ILogger logger, string path, string error);

    [LoggerMessage(EventId = 2103, Level = LogLevel.Warning, Message = "Cannot write {Path}: {Error}")]
    private static partial void LogReportFailed(ILogger logger, string path, string error);
}
