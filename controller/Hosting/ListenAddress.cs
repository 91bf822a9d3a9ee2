using System.Net;

namespace Codemason.Controller.Hosting;

/// <summary>
/// Parses the <c>--listen</c> URL: <c>http://host:port</c> or <c>https://host:port</c> (TLS whatever <c>--tls</c>
/// says, unless it says off) with an IP address or <c>localhost</c> (port 0 = any free port).
/// </summary>
public static class ListenAddress
{
    /// <summary>The endpoint to bind, or an error message.</summary>
    public static bool TryParse(string? value, out IPEndPoint endpoint, out string error)
    {
        endpoint = new IPEndPoint(IPAddress.Loopback, 0);
        error = "";
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
        {
            error = $"--listen \"{value}\" must be http://host:port or https://host:port";
            return false;
        }
        if (uri.AbsolutePath != "/" || uri.Query.Length > 0)
        {
            error = $"--listen \"{value}\" must not have a path";
            return false;
        }
        var host = uri.Host.Trim('[', ']');
        IPAddress? address = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback : null;
        if (address is null && !IPAddress.TryParse(host, out address))
        {
            error = $"--listen host \"{uri.Host}\" must be an IP address or localhost";
            return false;
        }
        endpoint = new IPEndPoint(address, uri.Port);
        return true;
    }

    /// <summary>Whether the URL has the <c>https</c> scheme.</summary>
    public static bool IsHttps(string? value) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && uri.Scheme == Uri.UriSchemeHttps;
}
