using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Codemason.Controller.Hosting;

/// <summary>Kestrel endpoints for gRPC and the git remotes.</summary>
public static class KestrelGrpcExtensions
{
    /// <summary>Default time a cleartext client has to show which protocol it speaks: 10 s, the default request headers timeout.</summary>
    public static readonly TimeSpan DefaultDetectionTimeout = ServerLimitsOptions.DefaultRequestHeadersTimeout;

    /// <summary>
    /// Listens on <paramref name="endpoint"/> for gRPC (HTTP/2) and the git remotes (HTTP/1.1, or HTTP/2 when the
    /// client offers it): over cleartext (meant for loopback) the protocol is told by the first bytes, HTTP/2 with
    /// prior knowledge or HTTP/1.1 (see <see cref="CleartextProtocolDetection"/>); over TLS, when a certificate is
    /// given, ALPN decides. <paramref name="chain"/> holds the certificates sent after the leaf (its CA), so a client
    /// that pins the CA's fingerprint can check the leaf's signature. A cleartext connection that tells nothing within
    /// <paramref name="detectionTimeout"/> (default <see cref="DefaultDetectionTimeout"/>) is closed.
    /// </summary>
    public static void ListenGrpc(this KestrelServerOptions kestrel, IPEndPoint endpoint, X509Certificate2? certificate = null,
        X509Certificate2Collection? chain = null, TimeSpan? detectionTimeout = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        // Requests on a detected HTTP/2 connection keep the scheme the client names (http), though the connection
        // carries the TLS features that made Kestrel choose HTTP/2.
        kestrel.AllowAlternateSchemes = true;
        kestrel.Listen(endpoint, listen =>
        {
            if (certificate is null)
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttp2PriorKnowledgeDetection(detectionTimeout ?? DefaultDetectionTimeout);
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = chain });
            }
        });
    }
}
