using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>What a node holds of one environment's overlay.</summary>
/// <param name="Network">The Docker network, null when absent.</param>
/// <param name="Vxlan">The VXLAN device, null when absent.</param>
/// <param name="FloodDestinations">Destinations of the device's all-zeros flood entries.</param>
/// <param name="Rules">The iptables rules of the environment's bridge (<see cref="OverlayRules"/>), as read back.</param>
public sealed record ObservedOverlay(ObservedBridgeNetwork? Network, ObservedVxlanDevice? Vxlan, IReadOnlySet<IPAddress> FloodDestinations,
    IReadOnlyList<OverlayRule> Rules)
{
    /// <summary>The device's static entries pointing one MAC at one node (<c>self permanent</c>), by MAC.</summary>
    public IReadOnlyDictionary<string, IPAddress> Forwards { get; init; } = new Dictionary<string, IPAddress>();

    /// <summary>MACs the bridge learned behind the VXLAN device (its port): replicas it believes live on another node.</summary>
    public IReadOnlySet<string> LearnedBehindDevice { get; init; } = new HashSet<string>();

    /// <summary>Nothing of the overlay on the node.</summary>
    public static ObservedOverlay Nothing { get; } = new(null, null, new HashSet<IPAddress>(), []);
}
