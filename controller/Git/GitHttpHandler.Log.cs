namespace Codemason.Controller.Git;

public sealed partial class GitHttpHandler
{
    [LoggerMessage(5000, LogLevel.Warning, "Refused git request to {Environment}/{App}: {Reason} ({Suppressed} more since the last such line; see codemason.controller.api.refusals)")]
    private partial void LogRefused(string environment, string app, string reason, long suppressed);

    [LoggerMessage(5001, LogLevel.Warning, "git request refused: the store could not check the token ({Reason})")]
    private partial void LogStoreUnavailable(string reason);

    [LoggerMessage(5002, LogLevel.Information, "git http-backend: {Line}")]
    private partial void LogBackendError(string line);

    [LoggerMessage(5003, LogLevel.Error, "git http-backend ended without a CGI answer")]
    private partial void LogNoResponse();

    [LoggerMessage(5004, LogLevel.Warning, "Could not read the push from the pre-receive hook: {Reason}")]
    private partial void LogHookUnreadable(string reason);

    [LoggerMessage(5005, LogLevel.Error, "The push receiver failed on a push by {Token}; the push is refused")]
    private partial void LogReceiverFailed(Exception exception, string token);

    [LoggerMessage(5006, LogLevel.Information, "Push by {Token} of {Refs}: accepted {Accepted}")]
    private partial void LogPushed(string token, string refs, bool accepted);
}
