using System.Net;
using System.Net.Sockets;

namespace Codemason.Controller.Tls;

/// <summary>Pure rules of <c>--tls</c> and <c>--tls-san</c>: parsing, whether TLS is on, the server certificate's names.</summary>
public static class TlsSettings
{
    /// <summary>Parses <c>auto</c>, <c>on</c> or <c>off</c> (any case).</summary>
    public static bool TryParseMode(string? text, out TlsMode mode)
    {
        mode = TlsMode.Auto;
        switch (text?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                return true;
            case "on" or "true":
                mode = TlsMode.On;
                return true;
            case "off" or "false":
                mode = TlsMode.Off;
                return true;
            default:
                return false;
        }
    }

    /// <summary>Whether the port serves TLS: <c>on</c>, an <c>https://</c> listen URL, or <c>auto</c> on a non-loopback address.</summary>
    public static bool IsEnabled(TlsMode mode, bool httpsListen, IPAddress listenAddress)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        return mode switch
        {
            TlsMode.On => true,
            TlsMode.Off => false,
            _ => httpsListen || !IPAddress.IsLoopback(listenAddress),
        };
    }

    /// <summary>Splits <c>--tls-san</c> ("name,ip,...") into its entries; malformed ones go to <paramref name="errors"/>.</summary>
    public static List<string> ParseSubjectAlternativeNames(string? text, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var names = new List<string>();
        foreach (var entry in (text ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var name = entry.Trim('[', ']');
            if (IPAddress.TryParse(name, out _) || Uri.CheckHostName(name) == UriHostNameType.Dns)
            {
                names.Add(name);
            }
            else
            {
                errors.Add($"--tls-san '{entry}' is neither an IP address nor a DNS name");
            }
        }
        return names;
    }

    /// <summary>
    /// The names the server certificate covers: localhost, 127.0.0.1, ::1, the host name, the listen address
    /// when it is a specific one, and the extra names; without duplicates, in that order.
    /// </summary>
    public static IReadOnlyList<string> ServerNames(string hostName, IPAddress listenAddress, IEnumerable<string> extra)
    {
        ArgumentNullException.ThrowIfNull(listenAddress);
        var names = new List<string> { "localhost", "127.0.0.1", "::1" };
        if (!string.IsNullOrWhiteSpace(hostName))
        {
            names.Add(hostName);
        }
        if (!listenAddress.Equals(IPAddress.Any) && !listenAddress.Equals(IPAddress.IPv6Any))
        {
            names.Add(listenAddress.AddressFamily == AddressFamily.InterNetworkV6 && listenAddress.IsIPv4MappedToIPv6
                ? listenAddress.MapToIPv4().ToString()
                : listenAddress.ToString());
        }
        names.AddRange(extra);
        return [.. names.Select(Canonical).Distinct(StringComparer.OrdinalIgnoreCase)];
    }

    private static string Canonical(string name) => IPAddress.TryParse(name, out var ip) ? ip.ToString() : name.ToLowerInvariant();
}
