using Codemason.Acme;

namespace Codemason.Controller.Acme;

public sealed partial class CertificateReconciler
{
    [LoggerMessage(EventId = 3600, Level = LogLevel.Information, Message = "ACME is off (Acme:DirectoryUrl is not set): https hosts without an uploaded certificate are served with a self-signed one")]
    private partial void LogOff();

    [LoggerMessage(EventId = 3601, Level = LogLevel.Information, Message = "ACME is on: certificates for https hosts from {DirectoryUrl}")]
    private partial void LogOn(Uri directoryUrl);

    [LoggerMessage(EventId = 3602, Level = LogLevel.Information, Message = "ACME account {AccountUrl}")]
    private partial void LogAccount(Uri accountUrl);

    [LoggerMessage(EventId = 3603, Level = LogLevel.Information, Message = "ordering a certificate for {Host} ({Reason})")]
    private partial void LogIssuing(string host, RenewalReason reason);

    [LoggerMessage(EventId = 3604, Level = LogLevel.Information, Message = "certificate for {Host} issued, valid until {NotAfter}")]
    private partial void LogIssued(string host, DateTimeOffset notAfter);

    [LoggerMessage(EventId = 3605, Level = LogLevel.Warning, Message = "certificate for {Host} not issued ({FailedAttempts} failures in a row): {Reason}")]
    private partial void LogFailed(string host, int failedAttempts, string reason);
}
