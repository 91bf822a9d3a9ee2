namespace Codemason.Controller.Registry;

public sealed partial class RegistryTokenEndpoint
{
    [LoggerMessage(EventId = 3500, Level = LogLevel.Debug, Message = "registry token for {Subject}: asked {Requested}, granted {Granted}")]
    private static partial void LogIssued(ILogger logger, string subject, string requested, string granted);

    [LoggerMessage(EventId = 3501, Level = LogLevel.Warning, Message = "registry token refused: {Reason} ({Suppressed} more since the last such line)")]
    private static partial void LogRefused(ILogger logger, string reason, long suppressed);

    [LoggerMessage(EventId = 3502, Level = LogLevel.Warning, Message = "registry token refused: the store could not check the credentials ({Reason})")]
    private static partial void LogStoreUnavailable(ILogger logger, string reason);
}
