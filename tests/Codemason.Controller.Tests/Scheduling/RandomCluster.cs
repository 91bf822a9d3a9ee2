using System.Globalization;
using Codemason.Controller.Nodes;
using Codemason.Controller.Scheduling;
using Codemason.Mortar.Model;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Scheduling;

/// <summary>
/// A seeded random environment for property tests: nodes in every state, services with constraints, ports,
/// reservations and limits (a few impossible), half of them already (carelessly) placed, and one replica of
/// another app per node.
/// </summary>
internal static class RandomCluster
{
    public const string Environment = "production";

    private static readonly string[] Zones = ["eu", "us", "ap"];

    /// <summary>A node that is not (or no longer) in the environment.</summary>
    private static readonly NodeId RemovedNode = NodeId.Parse("ffffffffffffffff");
    private static readonly PublishedPort[] PortPool =
    [
        new(null, 80), new(null, 443), new("10.0.0.1", 8080), new("10.0.0.2", 8080), new(null, 8080),
        new(null, 53, PortProtocol.Udp), new(null, 53), new("127.0.0.1", 9000),
    ];

    public static SchedulingRequest Create(int nodeCount, int replicaCount, int seed)
    {
        var random = new Random(seed);
        var nodes = new List<SchedulingNode>(nodeCount);
        for (var i = 0; i < nodeCount; i++)
        {
            var roll = random.Next(100);
            nodes.Add(new SchedulingNode(
                NodeId.Parse(i.ToString("x16", CultureInfo.InvariantCulture)),
                $"host-{i}",
                roll < 90 ? NodeStatus.Ready : roll < 95 ? NodeStatus.Unknown : NodeStatus.Down,
                random.Next(100) switch { < 90 => NodeAvailability.Active, < 95 => NodeAvailability.Cordoned, _ => NodeAvailability.Drained },
                new Dictionary<string, string>(StringComparer.Ordinal)
                {
                    ["zone"] = Zones[random.Next(Zones.Length)],
                    ["disk"] = random.Next(3) == 0 ? "hdd" : "ssd",
                },
                new Resources(random.Next(4) * 4096, random.Next(3) * 4096),
                random.Next(10) == 0 ? random.Next(1, 5) : 0,
                null));
        }

        var services = new List<SchedulingService>();
        var placements = new List<ReplicaPlacement>();
        for (var total = 0; total < replicaCount; )
        {
            var key = new ServiceKey($"app-{services.Count / 4}", $"svc-{services.Count % 4}");
            var scale = Math.Min(random.Next(1, 21), replicaCount - total);
            total += scale;
            var constraints = new List<string>();
            if (random.Next(10) < 3)
            {
                constraints.Add($"node.labels.zone == {Zones[random.Next(Zones.Length)]}");
            }
            if (random.Next(10) == 0)
            {
                constraints.Add("node.labels.disk != hdd");
            }
            if (random.Next(50) == 0)
            {
                constraints.Add("node.labels.zone == mars");
            }
            var ports = random.Next(5) == 0 ? new[] { PortPool[random.Next(PortPool.Length)] } : [];
            var reservation = random.Next(2) == 0 ? new Resources(random.Next(1, 9) * 128, random.Next(0, 5) * 256) : Resources.None;
            services.Add(new SchedulingService(
                key, scale, TestIds.Hash("h" + services.Count),
                new PlacementRules([.. constraints.Select(PlacementConstraint.Parse)], random.Next(10) == 0 ? random.Next(1, 4) : null),
                new ReplicaFootprint(ports, reservation)));
            if (random.Next(2) == 0)
            {
                for (var index = 1; index <= scale + random.Next(3); index++)
                {
                    placements.Add(new ReplicaPlacement(
                        key.Replica(Environment, index),
                        random.Next(20) == 0 ? RemovedNode : nodes[random.Next(nodeCount)].Id));
                }
            }
        }

        // One replica of another app per node, small enough never to exceed the node alone.
        foreach (var node in nodes)
        {
            var other = new ServiceKey("other", "sidecar");
            var port = PortPool[random.Next(PortPool.Length)];
            placements.Add(new ReplicaPlacement(
                (other with { Service = $"sidecar-{node.Id.Value}" }).Replica(Environment, 1),
                node.Id,
                new ReplicaFootprint([port], new Resources(node.Capacity.MemoryMb / 4, node.Capacity.CpuShares / 4))));
        }
        return new SchedulingRequest(Environment, nodes, services, placements);
    }
}
