using System.Diagnostics.CodeAnalysis;
using System.Net;

namespace Codemason.Telemetry.Http;

/// <summary>Parses the address of the metrics/health server: <c>http://host:port</c> or <c>host:port</c>.</summary>
public static class HttpEndpointAddress
{
    /// <summary>Parses <paramref name="text"/>; <c>localhost</c> means 127.0.0.1, port 0 means any free port.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out IPEndPoint? endpoint, [NotNullWhen(false)] out string? error)
    {
        endpoint = null;
        var value = (text ?? "").Trim();
        if (!value.Contains("://", StringComparison.Ordinal))
        {
            value = "http://" + value;
        }
        if (!Uri.TryCreate(value, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttp || uri.AbsolutePath != "/" || uri.Port < 0)
        {
            error = $"'{text}' is not an address like http://127.0.0.1:9464";
            return false;
        }
        var host = uri.Host.Trim('[', ']');
        IPAddress? address = host.Equals("localhost", StringComparison.OrdinalIgnoreCase) ? IPAddress.Loopback
            : IPAddress.TryParse(host, out var parsed) ? parsed : null;
        if (address is null)
        {
            error = $"'{text}': the host must be an IP address or localhost";
            return false;
        }
        endpoint = new IPEndPoint(address, uri.Port);
        error = null;
        return true;
    }
}
