using System.Net;
using System.Net.Sockets;

namespace Codemason.Controller.Tests.Edge;

/// <summary>HTTP to an edge on this machine's loopback, whatever host a URL names.</summary>
internal static class EdgeClient
{
    /// <summary>A client that connects every request to loopback (the URL's host is only the Host header and the SNI name) and trusts any certificate.</summary>
    public static HttpClient Client(TimeSpan? timeout = null) => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, token);
            return new NetworkStream(socket, ownsSocket: true);
        },
        // The edge serves a self-signed certificate until one is issued: the test checks that one is presented.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
    })
    { Timeout = timeout ?? TimeSpan.FromSeconds(5) };

    public static HttpRequestMessage Request(string url, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        return request;
    }

    /// <summary>The body of a 200, or null for anything else (not served yet).</summary>
    public static async Task<string?> GetAsync(HttpClient http, string url, string? host, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(Request(url, host), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
