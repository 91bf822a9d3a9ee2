using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Registry;

public sealed partial class RegistryService
{
    [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "registry: {Action}")]
    private partial void LogActed(string action);

    [LoggerMessage(EventId = 1901, Level = LogLevel.Warning, Message = "registry of environment {Environment} could not be reconciled: {Reason}; retrying")]
    private partial void LogFailed(string environment, string reason, Exception exception);

    [LoggerMessage(EventId = 1902, Level = LogLevel.Error, Message = "registry of environment {Environment}: the engine cannot be made to trust {Address}: {Reason}")]
    private partial void LogTrustFailed(string environment, string address, string reason);

    [LoggerMessage(EventId = 1903, Level = LogLevel.Error, Message = "{Reason}; the registry container is left as it is")]
    private partial void LogMalformed(string reason);
}
