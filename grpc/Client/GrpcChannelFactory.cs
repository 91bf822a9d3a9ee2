using System.Net;
using System.Net.Security;
using Grpc.Net.Client;

namespace Codemason.Grpc.Client;

/// <summary>
/// Makes grpc-dotnet channels the way every Codemason client needs them: HTTP/2 prior knowledge for
/// <c>http://</c> (loopback), TLS with ALPN for <c>https://</c> checked by <see cref="ServerCertificateValidator"/>
/// (a pinned CA fingerprint), the message limits of <see cref="ChannelSettings"/>, a connect timeout and HTTP/2
/// keepalive PINGs while calls are open. No retries: callers own that policy (the agent reconnects itself).
/// </summary>
public static class GrpcChannelFactory
{
    /// <summary>Creates a channel to <paramref name="address"/> (scheme http or https). Dispose it when done.</summary>
    public static GrpcChannel Create(Uri address, ChannelSettings? settings = null)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.Scheme != Uri.UriSchemeHttp && address.Scheme != Uri.UriSchemeHttps)
        {
            throw new ArgumentException($"Address '{address}' needs the http or https scheme.", nameof(address));
        }
        settings ??= new ChannelSettings();
        return GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = settings.HttpHandler ?? CreateHandler(settings),
            DisposeHttpClient = settings.HttpHandler is null,
            MaxReceiveMessageSize = settings.MaxReceiveMessageSize,
            MaxSendMessageSize = settings.MaxSendMessageSize,
        });
    }

    private static SocketsHttpHandler CreateHandler(ChannelSettings settings)
    {
        var validator = new ServerCertificateValidator(settings.TrustedCaCertificates, settings.PinnedFingerprint, settings.CertificateRejected);
        return new SocketsHttpHandler
        {
            EnableMultipleHttp2Connections = settings.EnableMultipleHttp2Connections,
            ConnectTimeout = settings.ConnectTimeout,
            KeepAlivePingDelay = settings.KeepAlivePingDelay,
            KeepAlivePingTimeout = settings.KeepAlivePingTimeout,
            KeepAlivePingPolicy = HttpKeepAlivePingPolicy.WithActiveRequests,
            PooledConnectionIdleTimeout = Timeout.InfiniteTimeSpan,
            UseProxy = false,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
            SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = validator.Validate },
        };
    }
}
