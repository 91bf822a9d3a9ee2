using Codemason.Controller.Scheduling;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>What a stored spec occupies on a node, for placement: read at the store's edge, so placement never sees a spec.</summary>
internal static class SpecFootprint
{
    /// <summary>Fixed host ports and reservations: what makes two replicas collide on a node.</summary>
    public static ReplicaFootprint Of(ContainerSpec spec) => new(
        [.. spec.Ports.Where(p => p.HostPort != 0).Select(p => new PublishedPort(
            string.IsNullOrEmpty(p.HostIp) ? null : p.HostIp,
            (int)p.HostPort,
            p.Protocol == "udp" ? PortProtocol.Udp : PortProtocol.Tcp))],
        new Scheduling.Resources(spec.MemoryMb, spec.CpuShares));
}
