using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;
using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Controller.Reconcile;

/// <summary>Maps the store's placement snapshot onto the scheduler's input. Pure.</summary>
public static class PlacementMapping
{
    /// <summary>
    /// The scheduler's request for the services of <paramref name="apps"/> (null = every app): their scale, footprint
    /// and placement rules from the current revision; every replica of the environment as it is placed now (those
    /// of other apps only occupy their nodes); the nodes with their recent failures.
    /// </summary>
    public static SchedulingRequest ToRequest(PlacementSnapshot snapshot, IReadOnlySet<string>? apps = null)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var nodes = snapshot.Nodes.Select(n =>
        {
            var failures = snapshot.Failures.GetValueOrDefault(n.Id);
            return new SchedulingNode(
                n.Id,
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
                new Scheduling.Resources(n.MemoryMb, n.CpuShares),
                failures?.Count ?? 0,
                failures?.LastAt);
        }).ToList();

        // The replicas of a service share its spec object: one footprint per spec, not one per replica.
        var footprints = new Dictionary<object, ReplicaFootprint>(ReferenceEqualityComparer.Instance);
        ReplicaFootprint FootprintOf(ContainerSpec? spec)
        {
            if (spec is null)
            {
                return ReplicaFootprint.None;
            }
            if (!footprints.TryGetValue(spec, out var footprint))
            {
                footprint = Footprint(spec);
                footprints.Add(spec, footprint);
            }
            return footprint;
        }
        var services = snapshot.Services
            .Where(s => apps is null || apps.Contains(s.App))
            .Select(s => new SchedulingService(
                new ServiceKey(s.App, s.Name), s.Scale, s.SpecHash, s.Placement.Constraints, FootprintOf(s.Spec), s.Placement.MaxPerNode))
            .ToList();
        var placements = snapshot.Replicas.Select(r => new ReplicaPlacement(
            r.Id,
            r.Node,
            FootprintOf(r.Spec))).ToList();
        return new SchedulingRequest(snapshot.Environment, nodes, services, placements);
    }

    /// <summary>Fixed host ports and reservations: what makes two replicas collide on a node.</summary>
    public static ReplicaFootprint Footprint(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return new(
            [.. spec.Ports.Where(p => p.HostPort != 0).Select(p => new PublishedPort(
                string.IsNullOrEmpty(p.HostIp) ? null : p.HostIp,
                (int)p.HostPort,
                p.Protocol == "udp" ? PortProtocol.Udp : PortProtocol.Tcp))],
            new Scheduling.Resources(spec.MemoryMb, spec.CpuShares));
    }
}
