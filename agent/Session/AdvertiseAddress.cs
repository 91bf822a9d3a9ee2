using System.Net;
using System.Net.Sockets;

namespace Codemason.Agent.Session;

/// <summary>
/// The address other nodes reach this one at: <c>--advertise-address</c> when given, else the local address of the
/// route to the controller (a UDP socket "connected" to it sends nothing; the kernel only picks the source address).
/// </summary>
public static class AdvertiseAddress
{
    /// <summary>Parses <c>--advertise-address</c>: an IPv4 or IPv6 address other than the unspecified one.</summary>
    public static bool TryParse(string? text, out IPAddress address, out string error)
    {
        address = IPAddress.None;
        // IPAddress.TryParse also takes "10" or "10.1" (as 0.0.0.10, 10.0.0.1): an IPv4 address must have four parts.
        if (!IPAddress.TryParse(text?.Trim(), out var parsed) || text!.Contains('/', StringComparison.Ordinal)
            || (parsed.AddressFamily == AddressFamily.InterNetwork && text.Count(c => c == '.') != 3))
        {
            error = $"'{text}' is not an IP address (give this server's address on the network the other servers reach it on)";
            return false;
        }
        if (parsed.Equals(IPAddress.Any) || parsed.Equals(IPAddress.IPv6Any))
        {
            error = $"'{text}' is the unspecified address; other servers cannot reach it";
            return false;
        }
        address = parsed;
        error = "";
        return true;
    }

    /// <summary>The local address of the route to <paramref name="controller"/>; null when its name does not resolve or no route leads there.</summary>
    public static async Task<IPAddress?> DetectAsync(Uri controller, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(controller);
        try
        {
            var targets = IPAddress.TryParse(controller.IdnHost, out var literal)
                ? [literal]
                : await Dns.GetHostAddressesAsync(controller.IdnHost, cancellationToken);
            foreach (var target in targets)
            {
                using var socket = new Socket(target.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
                try
                {
                    socket.Connect(new IPEndPoint(target, controller.Port));
                }
                catch (SocketException)
                {
                    continue;
                }
                if (socket.LocalEndPoint is IPEndPoint local)
                {
                    return local.Address.IsIPv4MappedToIPv6 ? local.Address.MapToIPv4() : local.Address;
                }
            }
        }
        catch (SocketException)
        {
        }
        return null;
    }
}
