using Codemason.Proto.V1;

namespace Codemason.Controller.Networking;

/// <summary>Maps an environment's network onto the message one node is sent (the wire edge). Pure.</summary>
public static class NetworkMessage
{
    /// <summary>The MTU of the overlay: a 1500-byte underlay less VXLAN's 50 bytes.</summary>
    public const int Mtu = 1450;

    /// <summary>Whether an agent advertising <paramref name="address"/> can be on an overlay: an address other servers reach, not loopback.</summary>
    public static bool CanJoin(string address) =>
        System.Net.IPAddress.TryParse(address, out var parsed) && !System.Net.IPAddress.IsLoopback(parsed);

    /// <summary>
    /// What <paramref name="node"/> must make of the network: its gateway, the other nodes to flood to, every
    /// app's names and where each replica is placed. Null when the node cannot be on it (no subnet for the environment, no gateway yet, or an agent
    /// that reports no advertise address or a loopback one: one server, or agents sharing an engine in tests).
    /// </summary>
    public static EnvironmentNetwork? For(NetworkSnapshot snapshot, IReadOnlyList<AppNames> apps, NodeId node)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        ArgumentNullException.ThrowIfNull(apps);
        var self = snapshot.Nodes.FirstOrDefault(n => n.Id == node);
        if (snapshot.Subnet is not { } subnet || self is not { Gateway: { } gateway } || !CanJoin(self.AdvertiseAddress))
        {
            return null;
        }
        var message = new EnvironmentNetwork
        {
            Environment = snapshot.Environment,
            Subnet = subnet.ToString(),
            Vni = (uint)snapshot.Vni,
            Gateway = Ipv4Subnet.Format(gateway),
            Mtu = Mtu,
        };
        message.Peers.Add(snapshot.Nodes
            .Where(n => n.Id != node && CanJoin(n.AdvertiseAddress))
            .Select(n => n.AdvertiseAddress)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal));
        var advertised = snapshot.Nodes.Where(n => CanJoin(n.AdvertiseAddress)).ToDictionary(n => n.Id, n => n.AdvertiseAddress);
        message.Locations.Add(snapshot.Members
            .Where(m => m.Node is { } placed && advertised.ContainsKey(placed))
            .OrderBy(m => m.Address)
            .Select(m => new MemberLocation { Address = Ipv4Subnet.Format(m.Address), Node = advertised[m.Node!.Value] }));
        foreach (var app in apps)
        {
            var endpoints = new AppEndpoints { App = app.App };
            endpoints.Members.Add(app.Members.Select(Ipv4Subnet.Format));
            foreach (var (name, addresses) in app.Names)
            {
                var endpoint = new NameAddresses { Name = name };
                endpoint.Addresses.Add(addresses.Select(Ipv4Subnet.Format));
                endpoints.Names.Add(endpoint);
            }
            message.Apps.Add(endpoints);
        }
        return message;
    }
}
