using System.Net;

namespace Codemason.Bench.Cluster;

/// <summary>One way from a client namespace to db's server, as the link figures name it.</summary>
/// <param name="Label">How the figures name it.</param>
/// <param name="ClientNamespace">The namespace the probe runs in (<c>/proc/PID/ns/net</c> or <c>/var/run/netns/NAME</c>).</param>
/// <param name="Target">Where it connects.</param>
/// <param name="Overlay">Whether the path must cross the VXLAN device (checked with its counters).</param>
internal sealed record LinkPath(string Label, string ClientNamespace, IPEndPoint Target, bool Overlay);
