using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Codemason.Controller.Hosting;

/// <summary>Kestrel endpoints for gRPC.</summary>
public static class KestrelGrpcExtensions
{
    /// <summary>
    /// Listens on <paramref name="endpoint"/> for gRPC: HTTP/2 only over cleartext (prior knowledge, meant for
    /// loopback), or HTTP/2 negotiated by ALPN over TLS when a certificate is given. <paramref name="chain"/> holds the
    /// certificates sent after the leaf (its CA), so a client that pins the CA's fingerprint can check the leaf's signature.
    /// </summary>
    public static void ListenGrpc(this KestrelServerOptions kestrel, IPEndPoint endpoint, X509Certificate2? certificate = null,
        X509Certificate2Collection? chain = null)
    {
        ArgumentNullException.ThrowIfNull(kestrel);
        kestrel.Listen(endpoint, listen =>
        {
            if (certificate is null)
            {
                listen.Protocols = HttpProtocols.Http2;
            }
            else
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listen.UseHttps(new HttpsConnectionAdapterOptions { ServerCertificate = certificate, ServerCertificateChain = chain });
            }
        });
    }
}
