using Codemason.Controller.Scheduling;
using Codemason.Controller.Store;

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
            return new SchedulingNode(n.Id, n.Hostname, n.Status, n.Availability, n.Labels, n.Capacity, failures?.Count ?? 0, failures?.LastAt);
        }).ToList();
        var services = snapshot.Services
            .Where(s => apps is null || apps.Contains(s.App))
            .Select(s => new SchedulingService(new ServiceKey(s.App, s.Name), s.Scale, s.SpecHash, s.Placement, s.Footprint))
            .ToList();
        var placements = snapshot.Replicas.Select(r => new ReplicaPlacement(r.Id, r.Node, r.Footprint)).ToList();
        return new SchedulingRequest(snapshot.Environment, nodes, services, placements);
    }
}
