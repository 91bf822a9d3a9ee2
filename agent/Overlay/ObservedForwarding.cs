using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>A VXLAN device's forwarding database, as <see cref="OverlayObserver.ParseFdb"/> reads it.</summary>
/// <param name="Flood">Destinations of the all-zeros flood entries.</param>
/// <param name="Forwards">Static entries pointing one MAC at one node, by MAC.</param>
/// <param name="Learned">MACs the bridge learned behind the device.</param>
public sealed record ObservedForwarding(IReadOnlySet<IPAddress> Flood, IReadOnlyDictionary<string, IPAddress> Forwards, IReadOnlySet<string> Learned)
{
    /// <summary>No device, so no entries.</summary>
    public static ObservedForwarding None { get; } = new(new HashSet<IPAddress>(), new Dictionary<string, IPAddress>(), new HashSet<string>());
}
