using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace Codemason.Discovery;

public sealed partial class ServiceDnsServer
{
    [LoggerMessage(EventId = 1600, Level = LogLevel.Information, Message = "service DNS for network {Network} on {Endpoint} (UDP and TCP): {Upstreams} upstream(s), clients from {Sources}")]
    private partial void LogStarted(IPEndPoint endpoint, string network, int upstreams, string sources);

    [LoggerMessage(EventId = 1601, Level = LogLevel.Information, Message = "service DNS for network {Network} on {Endpoint} stopped")]
    private partial void LogStopped(IPEndPoint endpoint, string network);

    [LoggerMessage(EventId = 1602, Level = LogLevel.Debug, Message = "network {Network}: name table replaced, {Count} name(s)")]
    private partial void LogReplaced(string network, int count);

    [LoggerMessage(EventId = 1603, Level = LogLevel.Debug, Message = "dropped a malformed message of {Length} bytes from {Client}")]
    private partial void LogMalformed(int length, IPAddress client);

    [LoggerMessage(EventId = 1604, Level = LogLevel.Debug, Message = "refused {Client}: outside the subnets allowed to query network {Network}")]
    private partial void LogRefused(IPAddress client, string network);

    [LoggerMessage(EventId = 1605, Level = LogLevel.Debug, Message = "upstream {Upstream} failed for {Name}: {Reason}")]
    private partial void LogUpstreamFailed(IPEndPoint upstream, string name, string reason);

    [LoggerMessage(EventId = 1606, Level = LogLevel.Debug, Message = "no upstream answered {Name} for {Client} within {Timeout}: SERVFAIL")]
    private partial void LogUpstreamTimeout(string name, IPEndPoint client, TimeSpan timeout);

    [LoggerMessage(EventId = 1607, Level = LogLevel.Warning, Message = "{Limit} forwarded queries in flight already: SERVFAIL for {Name}")]
    private partial void LogForwardLimit(int limit, string name);

    [LoggerMessage(EventId = 1608, Level = LogLevel.Warning, Message = "{Limit} TCP connections open already: closed the one from {Client}")]
    private partial void LogTcpLimit(int limit, EndPoint? client);

    [LoggerMessage(EventId = 1609, Level = LogLevel.Debug, Message = "receiving failed: {Error}")]
    private partial void LogReceiveFailed(SocketError error);

    [LoggerMessage(EventId = 1610, Level = LogLevel.Debug, Message = "sending to {Client} failed: {Error}")]
    private partial void LogSendFailed(IPEndPoint client, SocketError error);

    [LoggerMessage(EventId = 1611, Level = LogLevel.Error, Message = "unexpected failure answering a query")]
    private partial void LogUnexpected(Exception exception);
}
