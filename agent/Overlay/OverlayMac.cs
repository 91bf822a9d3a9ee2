using System.Net;
using System.Net.Sockets;

namespace Codemason.Agent.Overlay;

/// <summary>
/// The MAC address of a replica on the overlay: <c>02:42</c> and its IPv4 address's four bytes, the form Docker
/// derives for a container on a bridge network. The agent also sets it when it creates the container, so it holds
/// whatever the engine's version: a replica that moves keeps its MAC with its address, and every node can point that
/// MAC at the replica's node from the controller's feed alone.
/// </summary>
public static class OverlayMac
{
    /// <summary>The MAC of the replica at <paramref name="address"/>, lower-case, colon-separated.</summary>
    public static string Of(IPAddress address)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.AddressFamily != AddressFamily.InterNetwork)
        {
            throw new ArgumentException($"{address} is not an IPv4 address", nameof(address));
        }
        var bytes = address.GetAddressBytes();
        return $"02:42:{bytes[0]:x2}:{bytes[1]:x2}:{bytes[2]:x2}:{bytes[3]:x2}";
    }
}
