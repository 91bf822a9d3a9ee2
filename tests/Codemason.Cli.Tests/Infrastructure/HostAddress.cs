using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace Codemason.Cli.Tests.Infrastructure;

/// <summary>
/// This machine's own IPv4 address on the interface of its default route: what other servers would reach it at. An
/// agent advertising it is on its environment's overlay (one network for all apps, so links between apps resolve);
/// with one node, nothing is sent to it from outside the machine.
/// </summary>
public static class HostAddress
{
    /// <summary>The address, or null when the machine has no default route (then such tests are ignored).</summary>
    public static string? Find() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(i => i.OperationalStatus == OperationalStatus.Up && i.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .Select(i => i.GetIPProperties())
            .Where(p => p.GatewayAddresses.Any(g => g.Address.AddressFamily == AddressFamily.InterNetwork))
            .SelectMany(p => p.UnicastAddresses)
            .Select(a => a.Address)
            .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
            ?.ToString();
}
