using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Grpc.Client;

/// <summary>Options of a <see cref="GrpcChannel"/>.</summary>
public sealed class GrpcChannelOptions
{
    /// <summary>Default for both message size limits: 4 MiB.</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Largest response message accepted; a larger one fails the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest request message sent; a larger one fails the write with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxSendMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>
    /// CA certificates that root the server's certificate chain for <c>https://</c> addresses
    /// (instead of the system store). Default: none, the system store decides.
    /// </summary>
    public X509Certificate2Collection? TrustedCaCertificates { get; set; }

    /// <summary>
    /// Pinned fingerprint for <c>https://</c> addresses: the server certificate is trusted only when it, or a
    /// CA certificate the server sends that the leaf chains to, has it; the host name is not checked, and
    /// <see cref="TrustedCaCertificates"/> and the system store are not consulted. Default: none.
    /// </summary>
    public CertificateFingerprint? PinnedFingerprint { get; set; }

    /// <summary>
    /// Called with the reason each time a server certificate is refused (for a log line); the call itself
    /// fails with UNAVAILABLE and the same reason. Default: none.
    /// </summary>
    public Action<string>? CertificateRejected { get; set; }

    /// <summary>Client certificate for mutual TLS. Default: none.</summary>
    public X509Certificate2? ClientCertificate { get; set; }

    /// <summary>Open more HTTP/2 connections when one reaches its concurrent stream limit. Default true.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;

    /// <summary>Time allowed to establish a connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>HTTP/2 PING interval on idle connections, keeping long streams alive through NATs. Default 30 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Clock for deadlines. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// A handler to use instead of the channel's own <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// (tests, proxies). The channel does not dispose it. Default: none.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
