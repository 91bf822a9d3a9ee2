using System.Globalization;

namespace Codemason.Agent.Overlay;

/// <summary>
/// The iptables rules of one environment's overlay on a node (docs/networking.md, "Isolation"), pure:
/// <list type="bullet">
/// <item><c>no-vxlan-out</c> (<c>DOCKER-USER</c>): UDP 4789 routed out of the bridge is dropped, so containers cannot
/// inject VXLAN frames into any overlay; <c>! -o</c> keeps UDP 4789 between containers of the bridge working.</item>
/// <item><c>refuse-tcp</c>, <c>refuse-udp</c> (<c>INPUT</c>): the gateway answers DNS and refuses everything else at
/// once (TCP reset, ICMP port unreachable). The DNS answers a service without a running replica with the gateway, so a
/// client gets "connection refused" rather than a hang, and no container reaches a host service through it.</item>
/// <item><c>replies</c> (<c>INPUT</c>, above the refusals): what containers send back on connections the node opened
/// (the edge proxy on the host reaching a replica from the gateway address) is accepted.</item>
/// <item><c>vxlan-from</c> per peer and <c>vxlan-drop</c> (<c>INPUT</c>): VXLAN with the environment's id is accepted
/// only from the environment's other nodes, to this node's advertise address; any other is dropped. The kernel's
/// VXLAN socket listens on every address, so this is what binds the overlay to the cluster address.</item>
/// </list>
/// Every rule is inserted at the top of its chain, in the order listed here: the drop before the peers' accepts,
/// which therefore end up above it.
/// </summary>
public static class OverlayRules
{
    /// <summary>Port of the DNS server on the gateway, the one port the gateway serves to containers.</summary>
    public const int DnsPort = 53;

    /// <summary>The rules <paramref name="network"/> needs on this node, bridge <paramref name="bridge"/>, in insertion order.</summary>
    public static IReadOnlyList<OverlayRule> For(OverlayNetwork network, string bridge)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentException.ThrowIfNullOrEmpty(bridge);
        var vxlan = OverlayNetwork.VxlanPort.ToString(CultureInfo.InvariantCulture);
        var dns = DnsPort.ToString(CultureInfo.InvariantCulture);
        var gateway = network.Gateway.ToString();
        // The VXLAN id: the UDP header starts at the IP header's length (its low nibble × 4); the VNI is the top 24 bits
        // of the VXLAN header's second word, 12 bytes into the UDP header.
        string[] vni = ["-m", "u32", "--u32", $"0>>22&0x3C@12>>8={network.Vni.ToString(CultureInfo.InvariantCulture)}"];
        var local = network.Local.ToString();
        var rules = new List<OverlayRule>
        {
            OverlayRule.Of(OverlayRule.DockerUserChain, $"{bridge} no-vxlan-out",
                ["-i", bridge, "!", "-o", bridge, "-p", "udp", "--dport", vxlan], ["DROP"]),
            OverlayRule.Of(OverlayRule.InputChain, $"{bridge} refuse-tcp {gateway}",
                ["-i", bridge, "-d", gateway, "-p", "tcp", "!", "--dport", dns], ["REJECT", "--reject-with", "tcp-reset"]),
            OverlayRule.Of(OverlayRule.InputChain, $"{bridge} refuse-udp {gateway}",
                ["-i", bridge, "-d", gateway, "-p", "udp", "!", "--dport", dns], ["REJECT", "--reject-with", "icmp-port-unreachable"]),
            OverlayRule.Of(OverlayRule.InputChain, $"{bridge} replies {gateway}",
                ["-i", bridge, "-d", gateway, "-m", "conntrack", "--ctstate", "ESTABLISHED,RELATED"], ["ACCEPT"]),
            VxlanDrop(bridge, vni, vxlan),
        };
        rules.AddRange(network.Peers
            .OrderBy(peer => peer.ToString(), StringComparer.Ordinal)
            .Select(peer => OverlayRule.Of(OverlayRule.InputChain, $"{bridge} vxlan-from {peer} to {local}",
                ["-s", peer.ToString(), "-d", local, "-p", "udp", "--dport", vxlan, .. vni], ["ACCEPT"])));
        return rules;
    }

    /// <summary>Whether <paramref name="rule"/> accepts a peer's VXLAN, and must therefore stay above the drop.</summary>
    public static bool IsVxlanAccept(OverlayRule rule, string bridge) =>
        rule.Comment.StartsWith($"{bridge} vxlan-from ", StringComparison.Ordinal);

    /// <summary>Whether <paramref name="rule"/> is the environment's VXLAN drop.</summary>
    public static bool IsVxlanDrop(OverlayRule rule, string bridge) => rule.Comment == $"{bridge} vxlan-drop";

    private static OverlayRule VxlanDrop(string bridge, string[] vni, string vxlan) =>
        OverlayRule.Of(OverlayRule.InputChain, $"{bridge} vxlan-drop", ["-p", "udp", "--dport", vxlan, .. vni], ["DROP"]);
}
