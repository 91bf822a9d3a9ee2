namespace Codemason.Mortar.Model;

/// <summary>
/// One published port. Ranges in the file (<c>"8000-8002:8000-8002"</c>) are expanded into one entry per port.
/// </summary>
/// <param name="ContainerPort">Port inside the container, 1–65535.</param>
/// <param name="Protocol">tcp (default) or udp.</param>
/// <param name="HostIp">Host address to bind; null = all addresses.</param>
/// <param name="HostPort">Host port; null = the engine picks a free one.</param>
public sealed record PortSpec(int ContainerPort, PortProtocol Protocol, string? HostIp = null, int? HostPort = null);
