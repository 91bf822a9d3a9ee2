using System.Net.Security;
using Codemason.Edge.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace Codemason.Edge.Tls;

/// <summary>
/// Chooses the certificate of each TLS handshake by SNI from the configuration being served (so certificates change
/// with the file, without a restart): an uploaded or issued certificate for the exact host, then a wildcard one, else
/// a self-signed one for a routed host, else the shared fallback. ALPN offers h2 and http/1.1.
/// </summary>
internal sealed class TlsCertificateSelector(EdgeState state, SelfSignedCertificates selfSigned)
{
    private static readonly List<SslApplicationProtocol> Protocols = [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11];

    public ServedCertificate Select(string? serverName)
    {
        var snapshot = state.Current;
        if (snapshot.Certificates.Find(serverName) is { } configured)
        {
            return configured;
        }

        return !string.IsNullOrEmpty(serverName) && snapshot.HasRoutesFor(serverName)
            ? selfSigned.For(serverName.ToLowerInvariant())
            : selfSigned.Fallback();
    }

    public ValueTask<SslServerAuthenticationOptions> OnConnection(TlsHandshakeCallbackContext context) =>
        ValueTask.FromResult(new SslServerAuthenticationOptions
        {
            ServerCertificateContext = Select(context.ClientHelloInfo.ServerName).Context,
            ApplicationProtocols = Protocols,
        });
}
