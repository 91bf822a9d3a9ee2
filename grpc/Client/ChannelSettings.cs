using System.Security.Cryptography.X509Certificates;
using Codemason.Grpc.Tls;

namespace Codemason.Grpc.Client;

/// <summary>How <see cref="GrpcChannelFactory"/> builds a channel: TLS trust, message limits, timeouts and keepalive.</summary>
public sealed class ChannelSettings
{
    /// <summary>Default for both message size limits: 4 MiB (gRPC's own default).</summary>
    public const int DefaultMaxMessageSize = 4 * 1024 * 1024;

    /// <summary>Default time allowed to open a connection: 10 s.</summary>
    public static readonly TimeSpan DefaultConnectTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default HTTP/2 PING interval: 30 s.</summary>
    public static readonly TimeSpan DefaultKeepAlivePingDelay = TimeSpan.FromSeconds(30);

    /// <summary>Default time a PING may go unanswered before the connection is dropped: 20 s.</summary>
    public static readonly TimeSpan DefaultKeepAlivePingTimeout = TimeSpan.FromSeconds(20);

    /// <summary>Largest response message accepted; a larger one fails the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
    public int MaxReceiveMessageSize { get; set; } = DefaultMaxMessageSize;

    /// <summary>Largest request message sent; a larger one fails the call with RESOURCE_EXHAUSTED. Default 4 MiB.</summary>
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
    /// fails with UNAVAILABLE, its detail ending in the same reason and "refusing to connect". Default: none.
    /// </summary>
    public Action<string>? CertificateRejected { get; set; }

    /// <summary>Open more HTTP/2 connections when one reaches its concurrent stream limit. Default true.</summary>
    public bool EnableMultipleHttp2Connections { get; set; } = true;

    /// <summary>Time allowed to establish a connection. Default 10 s.</summary>
    public TimeSpan ConnectTimeout { get; set; } = DefaultConnectTimeout;

    /// <summary>HTTP/2 PING interval while calls are open, keeping long streams alive through NATs and finding dead peers. Default 30 s.</summary>
    public TimeSpan KeepAlivePingDelay { get; set; } = DefaultKeepAlivePingDelay;

    /// <summary>Time a PING may go unanswered before the connection (and its calls) fail. Default 20 s.</summary>
    public TimeSpan KeepAlivePingTimeout { get; set; } = DefaultKeepAlivePingTimeout;

    /// <summary>
    /// A handler to use instead of the channel's own <see cref="System.Net.Http.SocketsHttpHandler"/>
    /// (tests, proxies); TLS settings above do not apply to it. The channel does not dispose it. Default: none.
    /// </summary>
    public HttpMessageHandler? HttpHandler { get; set; }
}
