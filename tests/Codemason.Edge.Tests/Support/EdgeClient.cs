using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace Codemason.Edge.Tests.Support;

/// <summary>
/// HTTP clients that use real host names in their URLs (so Host and SNI are those names) but always connect to
/// loopback, at the URL's port. Redirects are not followed; any server certificate is accepted and recorded.
/// </summary>
internal static class EdgeClient
{
    public static HttpClient Create(CookieContainer? cookies = null, Action<X509Certificate2>? serverCertificate = null) =>
        new(CreateHandler(cookies, serverCertificate)) { Timeout = TimeSpan.FromSeconds(30) };

    public static SocketsHttpHandler CreateHandler(CookieContainer? cookies = null, Action<X509Certificate2>? serverCertificate = null)
    {
        var handler = new SocketsHttpHandler
        {
            AllowAutoRedirect = false,
            UseCookies = cookies is not null,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, cancellationToken);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
        if (cookies is not null)
        {
            handler.CookieContainer = cookies;
        }

        // The edge serves self-signed and test certificates: a certificate is recorded for the test to check, and
        // accepted when it is for the host asked for (any chain).
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is not null)
            {
                serverCertificate?.Invoke(X509CertificateLoader.LoadCertificate(certificate.GetRawCertData()));
            }

            return (errors & ~System.Net.Security.SslPolicyErrors.RemoteCertificateChainErrors) == System.Net.Security.SslPolicyErrors.None;
        };
        return handler;
    }
}
