using System.Globalization;
using System.Net;
using Codemason.Mortar.Model;

namespace Codemason.Mortar.Normalisation;

/// <summary>
/// Port strings: <c>"5432"</c>, <c>"8080:80"</c>, <c>"127.0.0.1:8080:80"</c>, <c>"127.0.0.1::80"</c>,
/// <c>"[::1]:8080:80"</c>, <c>"53/udp"</c>, <c>"8000-8002:9000-9002"</c>. Ranges are expanded.
/// </summary>
internal static class PortSyntax
{
    /// <summary>Parses <paramref name="text"/> into <paramref name="ports"/>; returns the problem in words, or null.</summary>
    public static string? TryParse(string text, List<PortSpec> ports, int maxPorts)
    {
        var body = text.Trim();
        var protocol = PortProtocol.Tcp;
        var slash = body.LastIndexOf('/');
        if (slash >= 0)
        {
            var name = body[(slash + 1)..];
            if (name.Equals("tcp", StringComparison.OrdinalIgnoreCase))
            {
                protocol = PortProtocol.Tcp;
            }
            else if (name.Equals("udp", StringComparison.OrdinalIgnoreCase))
            {
                protocol = PortProtocol.Udp;
            }
            else
            {
                return $"unknown protocol \"{name}\"; use tcp or udp";
            }
            body = body[..slash];
        }
        if (body.Length == 0)
        {
            return "a container port is required";
        }

        string? hostIp = null;
        string? host = null;
        string container;
        if (body.StartsWith('['))
        {
            var close = body.IndexOf(']', StringComparison.Ordinal);
            if (close < 0 || close + 1 >= body.Length || body[close + 1] != ':')
            {
                return "an IPv6 host address is written [address]:hostPort:containerPort";
            }
            hostIp = body[1..close];
            var rest = body[(close + 2)..].Split(':');
            if (rest.Length != 2)
            {
                return "an IPv6 host address is written [address]:hostPort:containerPort";
            }
            host = rest[0];
            container = rest[1];
        }
        else
        {
            var parts = body.Split(':');
            switch (parts.Length)
            {
                case 1:
                    container = parts[0];
                    break;
                case 2:
                    host = parts[0];
                    container = parts[1];
                    if (host.Length == 0)
                    {
                        return "the host port before ':' is empty; write \"80\" to let the engine pick a host port";
                    }
                    break;
                case 3:
                    hostIp = parts[0];
                    host = parts[1];
                    container = parts[2];
                    break;
                default:
                    return "too many ':'; the forms are containerPort, hostPort:containerPort and hostIp:hostPort:containerPort (IPv6 in brackets)";
            }
        }
        if (hostIp is not null && !IPAddress.TryParse(hostIp, out _))
        {
            return $"host IP \"{hostIp}\" is not an IP address";
        }
        if (hostIp is not null && hostIp.Contains(':', StringComparison.Ordinal) && !body.StartsWith('['))
        {
            return "an IPv6 host address is written [address]:hostPort:containerPort";
        }

        var containerError = TryParseRange(container, "container port", out var cStart, out var cEnd);
        if (containerError is not null)
        {
            return containerError;
        }
        int? hStart = null;
        int? hEnd = null;
        if (!string.IsNullOrEmpty(host))
        {
            var hostError = TryParseRange(host, "host port", out var hs, out var he);
            if (hostError is not null)
            {
                return hostError;
            }
            hStart = hs;
            hEnd = he;
            var hostCount = he - hs + 1;
            var containerCount = cEnd - cStart + 1;
            if (hostCount != containerCount)
            {
                return hostCount == 1 || containerCount == 1
                    ? "a port range must be published to a range of the same size (\"8000-8002:9000-9002\")"
                    : string.Create(CultureInfo.InvariantCulture, $"the host range has {hostCount} ports but the container range has {containerCount}");
            }
        }
        if (ports.Count + (cEnd - cStart + 1) > maxPorts)
        {
            return string.Create(CultureInfo.InvariantCulture, $"more than the limit of {maxPorts} ports for one service");
        }
        for (var port = cStart; port <= cEnd; port++)
        {
            ports.Add(new PortSpec(port, protocol, hostIp, hStart + (port - cStart)));
        }
        return null;
    }

    /// <summary>An integer port from the file (<c>"ports": [5432]</c>).</summary>
    public static string? TryParse(long number, List<PortSpec> ports)
    {
        if (number is < 1 or > 65535)
        {
            return "container port must be 1–65535";
        }
        ports.Add(new PortSpec((int)number, PortProtocol.Tcp));
        return null;
    }

    private static string? TryParseRange(string text, string what, out int start, out int end)
    {
        start = end = 0;
        var dash = text.IndexOf('-', StringComparison.Ordinal);
        var first = dash < 0 ? text : text[..dash];
        var error = TryParsePort(first, what, out start);
        if (error is not null)
        {
            return error;
        }
        if (dash < 0)
        {
            end = start;
            return null;
        }
        error = TryParsePort(text[(dash + 1)..], what, out end);
        if (error is not null)
        {
            return error;
        }
        return end < start ? $"{what} range {text} runs backwards" : null;
    }

    private static string? TryParsePort(string text, string what, out int port)
    {
        port = 0;
        if (text.Length == 0)
        {
            return $"{what} is missing";
        }
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return $"{what} \"{text}\" is not a number";
            }
        }
        if (text.Length > 5 || !int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535)
        {
            return $"{what} must be 1–65535";
        }
        return null;
    }
}
