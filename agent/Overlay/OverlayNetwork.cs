using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>
/// What one node's share of an environment's overlay must look like: a bridge network holding <see cref="Subnet"/>
/// with this node's <see cref="Gateway"/>, and a VXLAN device (<see cref="Vni"/>, bound to <see cref="Local"/>) in
/// that bridge, flooding to every one of <see cref="Peers"/>. Built from the controller's <c>EnvironmentNetwork</c>
/// by <see cref="OverlayNetworkMapper"/>, which checks every field.
/// </summary>
/// <param name="Environment">The environment's name.</param>
/// <param name="Subnet">The environment's IPv4 subnet.</param>
/// <param name="Vni">The environment's VXLAN id, 1–16777215.</param>
/// <param name="Gateway">This node's address in <paramref name="Subnet"/>; the bridge holds it.</param>
/// <param name="Mtu">MTU of the network and of the VXLAN device.</param>
/// <param name="Peers">Advertise addresses of the environment's other nodes, without duplicates or this node.</param>
/// <param name="Local">This node's advertise address: the VXLAN device's source.</param>
public sealed record OverlayNetwork(
    string Environment, IPNetwork Subnet, int Vni, IPAddress Gateway, int Mtu, IReadOnlyList<IPAddress> Peers, IPAddress Local)
{
    /// <summary>
    /// Where each replica with an address is placed: its address → the advertise address of its node (this node's
    /// own for replicas placed here). Empty by default.
    /// </summary>
    public IReadOnlyDictionary<IPAddress, IPAddress> Locations { get; init; } = new Dictionary<IPAddress, IPAddress>();

    /// <summary>MTU used when the controller sends none: 1500 of the underlay less the 50 bytes VXLAN adds.</summary>
    public const int DefaultMtu = 1450;

    /// <summary>The IANA VXLAN port; the device listens and sends on it.</summary>
    public const int VxlanPort = 4789;

    /// <summary>Largest VXLAN id (24 bits).</summary>
    public const int MaxVni = 16_777_215;
}
