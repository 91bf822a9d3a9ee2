using System.Net;
using System.Net.Sockets;
using Codemason.Proto.V1;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Maps the controller's <see cref="EnvironmentNetwork"/> to an <see cref="OverlayNetwork"/>, checking every field:
/// a malformed message is reported with all its problems and applies nothing.
/// </summary>
public static class OverlayNetworkMapper
{
    /// <summary>Smallest MTU accepted (IPv4's minimum datagram).</summary>
    public const int MinMtu = 576;

    /// <summary>Largest MTU accepted (jumbo frames).</summary>
    public const int MaxMtu = 9000;

    /// <summary>
    /// The overlay <paramref name="wire"/> describes for the node whose advertise address is <paramref name="local"/>,
    /// or every problem found, each naming its field.
    /// </summary>
    public static bool TryMap(EnvironmentNetwork wire, string local, out OverlayNetwork? network, out IReadOnlyList<string> problems)
    {
        ArgumentNullException.ThrowIfNull(wire);
        var found = new List<string>();
        if (!NameRules.IsEnvironmentName(wire.Environment))
        {
            found.Add($"environment: '{wire.Environment}' is not an environment name ({NameRules.EnvironmentRule})");
        }
        IPNetwork? subnet = null;
        if (!IPNetwork.TryParse(wire.Subnet, out var parsedSubnet))
        {
            found.Add($"subnet: '{wire.Subnet}' is not a network in CIDR form (10.208.0.0/16)");
        }
        else if (parsedSubnet.BaseAddress.AddressFamily != AddressFamily.InterNetwork || parsedSubnet.PrefixLength > 30)
        {
            found.Add($"subnet: '{wire.Subnet}' must be IPv4 with a prefix of /30 or shorter");
        }
        else if (!IPAddress.Parse(wire.Subnet.AsSpan(0, wire.Subnet.IndexOf('/', StringComparison.Ordinal))).Equals(parsedSubnet.BaseAddress))
        {
            // .NET clears the host bits while parsing; a controller sending them has another network in mind.
            found.Add($"subnet: '{wire.Subnet}' has host bits set (the network is {parsedSubnet})");
        }
        else
        {
            subnet = parsedSubnet;
        }
        if (wire.Vni is 0 or > OverlayNetwork.MaxVni)
        {
            found.Add($"vni: {wire.Vni} is outside 1–{OverlayNetwork.MaxVni}");
        }
        var gateway = Address("gateway", wire.Gateway, found);
        if (gateway is not null && subnet is { } inSubnet)
        {
            if (!inSubnet.Contains(gateway))
            {
                found.Add($"gateway: {gateway} is outside the subnet {inSubnet}");
            }
            else if (gateway.Equals(inSubnet.BaseAddress) || gateway.Equals(Broadcast(inSubnet)))
            {
                found.Add($"gateway: {gateway} is the network or broadcast address of {inSubnet}");
            }
        }
        var mtu = wire.Mtu == 0 ? OverlayNetwork.DefaultMtu : (int)Math.Min(wire.Mtu, int.MaxValue);
        if (mtu is < MinMtu or > MaxMtu)
        {
            found.Add($"mtu: {wire.Mtu} is outside {MinMtu}–{MaxMtu}");
        }
        var localAddress = Address("local advertise address", local, found);
        var peers = new List<IPAddress>();
        for (var i = 0; i < wire.Peers.Count; i++)
        {
            if (Address($"peers[{i}]", wire.Peers[i], found) is not { } peer)
            {
                continue;
            }
            if (peer.Equals(localAddress))
            {
                found.Add($"peers[{i}]: {peer} is this node's own advertise address");
            }
            else if (!peers.Contains(peer))
            {
                peers.Add(peer);
            }
        }
        var locations = new Dictionary<IPAddress, IPAddress>();
        for (var i = 0; i < wire.Locations.Count; i++)
        {
            var member = Address($"locations[{i}].address", wire.Locations[i].Address, found);
            var node = Address($"locations[{i}].node", wire.Locations[i].Node, found);
            if (member is not null && subnet is { } within && !within.Contains(member))
            {
                found.Add($"locations[{i}].address: {member} is outside the subnet {within}");
            }
            else if (member is not null && node is not null && !locations.TryAdd(member, node))
            {
                found.Add($"locations[{i}].address: {member} is placed twice");
            }
        }
        problems = found;
        network = found.Count == 0
            ? new OverlayNetwork(wire.Environment, subnet!.Value, (int)wire.Vni, gateway!, mtu, peers, localAddress!) { Locations = locations }
            : null;
        return network is not null;
    }

    private static IPAddress? Address(string field, string text, List<string> problems)
    {
        if (IPAddress.TryParse(text, out var address) && address.AddressFamily == AddressFamily.InterNetwork
            && text.Count(c => c == '.') == 3)
        {
            return address;
        }
        problems.Add($"{field}: '{text}' is not an IPv4 address");
        return null;
    }

    private static IPAddress Broadcast(IPNetwork subnet)
    {
        var bytes = subnet.BaseAddress.GetAddressBytes();
        var host = 32 - subnet.PrefixLength;
        var value = ((uint)bytes[0] << 24 | (uint)bytes[1] << 16 | (uint)bytes[2] << 8 | bytes[3]) | (host == 32 ? uint.MaxValue : (1u << host) - 1);
        return new IPAddress([(byte)(value >> 24), (byte)(value >> 16), (byte)(value >> 8), (byte)value]);
    }
}
