using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>How a replica joins its environment's overlay on this node: the Docker network and the DNS server (the gateway).</summary>
public sealed record OverlayAttachment(string Network, IPAddress Gateway);
