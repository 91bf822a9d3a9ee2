namespace Codemason.Controller.Apply;

public sealed partial class ApplyCoordinator
{
    // Apply log messages: event ids 1100–1199.

    [LoggerMessage(1100, LogLevel.Information, "App {Environment}/{App}: revision {AppRevision} ({Reason}) by {Who}")]
    private static partial void LogCommitted(ILogger logger, string environment, string app, long appRevision, string reason, string who);

    [LoggerMessage(1101, LogLevel.Information, "App {Environment}/{App} deleted by {Who} at store revision {Revision}")]
    private static partial void LogDeleted(ILogger logger, string environment, string app, string who, long revision);

}
