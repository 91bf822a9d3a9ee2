using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>The VXLAN device as <c>ip -j -d link show</c> reports it.</summary>
/// <param name="Vni">Its VXLAN id; null when the link is not a VXLAN device at all.</param>
/// <param name="Local">Its source address, null when unset.</param>
/// <param name="Port">Its UDP destination port.</param>
/// <param name="Master">The bridge it is enslaved to, null when none.</param>
/// <param name="Mtu">Its MTU.</param>
/// <param name="Up">Administratively up.</param>
public sealed record ObservedVxlanDevice(int? Vni, IPAddress? Local, int? Port, string? Master, int Mtu, bool Up);
