using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Controller.Placement;

/// <summary>Maps the store's placement snapshot onto the scheduler's input. Pure.</summary>
public static class PlacementMapping
{
    public static SchedulingRequest ToRequest(PlacementSnapshot snapshot)
    {
        var nodes = snapshot.Nodes.Select(n => new SchedulingNode(
            NodeId.Parse(n.Id),
            n.Hostname,
            n.Status switch
            {
                Proto.V1.NodeStatus.Ready => Scheduling.NodeStatus.Ready,
                Proto.V1.NodeStatus.Down => Scheduling.NodeStatus.Down,
                _ => Scheduling.NodeStatus.Unknown,
            },
            n.Availability switch
            {
                Proto.V1.NodeAvailability.Cordoned => Scheduling.NodeAvailability.Cordoned,
                Proto.V1.NodeAvailability.Drained => Scheduling.NodeAvailability.Drained,
                _ => Scheduling.NodeAvailability.Active,
            },
            n.Labels,
            new Scheduling.Resources(n.Capacity?.MemoryMb ?? 0, n.Capacity?.CpuShares ?? 0))).ToList();

        var services = new List<SchedulingService>();
        var placements = new List<ReplicaPlacement>();
        foreach (var group in snapshot.Replicas.GroupBy(r => new ServiceKey(r.App, r.Service)))
        {
            var first = group.First();
            var footprint = Footprint(first.Spec);
            services.Add(new SchedulingService(group.Key, group.Max(r => r.Index), first.SpecHash, Constraints(first.Spec), footprint));
            placements.AddRange(group.Select(r => new ReplicaPlacement(r.Id, r.Node, footprint)));
        }
        return new SchedulingRequest(snapshot.Environment, nodes, services, placements);
    }

    /// <summary>Fixed host ports and reservations: what makes two replicas collide on a node.</summary>
    public static ReplicaFootprint Footprint(ContainerSpec spec) => new(
        [.. spec.Ports.Where(p => p.HostPort != 0).Select(p => new PublishedPort(
            string.IsNullOrEmpty(p.HostIp) ? null : p.HostIp,
            (int)p.HostPort,
            p.Protocol == "udp" ? PortProtocol.Udp : PortProtocol.Tcp))],
        new Scheduling.Resources(spec.MemoryMb, spec.CpuShares));

    /// <summary>Placement constraints carried as the label <c>codemason.constraints</c> ("a == b; c != d").</summary>
    public static IReadOnlyList<string> Constraints(ContainerSpec spec) =>
        spec.Labels.TryGetValue(ConstraintsLabel, out var text)
            ? text.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            : [];

    /// <summary>The label that carries placement constraints until mason.json has a field for them.</summary>
    public const string ConstraintsLabel = "codemason.constraints";

}
