using Microsoft.Extensions.Logging;

namespace Codemason.Acme;

public sealed partial class AcmeClient
{
    [LoggerMessage(EventId = 4500, Level = LogLevel.Debug, Message = "ACME directory {Directory} read; terms of service {Terms}")]
    private partial void LogDirectory(Uri directory, string terms);

    [LoggerMessage(EventId = 4501, Level = LogLevel.Information, Message = "ACME account {Account} created")]
    private partial void LogAccountCreated(Uri account);

    [LoggerMessage(EventId = 4502, Level = LogLevel.Debug, Message = "ACME account {Account} found for the key")]
    private partial void LogAccountFound(Uri account);

    [LoggerMessage(EventId = 4503, Level = LogLevel.Information, Message = "ACME order {Order} created for {Hosts}")]
    private partial void LogOrderCreated(Uri order, string hosts);

    [LoggerMessage(EventId = 4504, Level = LogLevel.Debug, Message = "ACME authorization of {Host} reused: already valid")]
    private partial void LogAuthorizationReused(string host);

    [LoggerMessage(EventId = 4505, Level = LogLevel.Debug, Message = "ACME http-01 challenge of {Host} published and answered")]
    private partial void LogChallengeAnswered(string host);

    [LoggerMessage(EventId = 4506, Level = LogLevel.Debug, Message = "ACME authorization of {Host} valid")]
    private partial void LogAuthorizationValid(string host);

    [LoggerMessage(EventId = 4507, Level = LogLevel.Warning, Message = "ACME authorization of {Host} failed: {Problem}")]
    private partial void LogAuthorizationInvalid(string host, string problem);

    [LoggerMessage(EventId = 4508, Level = LogLevel.Debug, Message = "ACME order {Order} finalized")]
    private partial void LogFinalized(Uri order);

    [LoggerMessage(EventId = 4509, Level = LogLevel.Information, Message = "ACME certificate issued for {Hosts}, valid until {NotAfter}")]
    private partial void LogIssued(string hosts, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 4510, Level = LogLevel.Debug, Message = "ACME server {Directory} refused a nonce (badNonce): retrying once with a fresh one")]
    private partial void LogBadNonce(Uri directory);

    [LoggerMessage(EventId = 4511, Level = LogLevel.Warning, Message = "the http-01 challenge of {Host} could not be removed: {Reason}")]
    private partial void LogRemoveFailed(string host, string reason);
}
