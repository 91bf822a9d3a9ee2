using System.Globalization;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Scheduling;

/// <summary>A fixed host port a replica publishes on its node.</summary>
/// <param name="HostIp">Address bound on the host; null, empty, <c>0.0.0.0</c> or <c>::</c> = every address.</param>
/// <param name="Port">Host port, 1–65535.</param>
/// <param name="Protocol">tcp or udp; the same port number under the two protocols does not conflict.</param>
public sealed record PublishedPort(string? HostIp, int Port, PortProtocol Protocol = PortProtocol.Tcp)
{
    /// <summary>True when the port is bound on every address of the host, so it conflicts with any address.</summary>
    public bool IsWildcard => HostIp is null or "" or "0.0.0.0" or "::";

    /// <summary><c>80</c>, <c>53/udp</c>, <c>127.0.0.1:8080</c>: how explanations name the port.</summary>
    public override string ToString()
    {
        var text = IsWildcard ? Port.ToString(CultureInfo.InvariantCulture) : string.Create(CultureInfo.InvariantCulture, $"{HostIp}:{Port}");
        return Protocol == PortProtocol.Udp ? text + "/udp" : text;
    }
}
