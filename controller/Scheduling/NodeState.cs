using Codemason.Mortar.Model;

namespace Codemason.Controller.Scheduling;

/// <summary>What one node holds while a schedule is computed: replica count, reserved resources, host ports.</summary>
internal sealed class NodeState(SchedulingNode node, int index)
{
    // Keyed by port and protocol; the list holds every binding of that port (usually one).
    private Dictionary<(int Port, PortProtocol Protocol), List<PublishedPort>>? _ports;

    public SchedulingNode Node { get; } = node;

    /// <summary>Position in the ordinal order of node ids.</summary>
    public int Index { get; } = index;

    /// <summary>Position by (recent failures, last failure, id): the final ranking after spread and balance.</summary>
    public int Rank { get; set; }

    public int Replicas { get; private set; }

    public long MemoryUsed { get; private set; }

    public long CpuUsed { get; private set; }

    public long MemoryFree => Node.Capacity.MemoryMb - MemoryUsed;

    public long CpuFree => Node.Capacity.CpuShares - CpuUsed;

    /// <summary>The first of <paramref name="ports"/> the node already publishes (a wildcard address conflicts with any), or null.</summary>
    public PublishedPort? FindPortConflict(IReadOnlyList<PublishedPort> ports)
    {
        if (_ports is null)
        {
            return null;
        }
        foreach (var port in ports)
        {
            if (_ports.TryGetValue((port.Port, port.Protocol), out var bound)
                && bound.Exists(b => port.IsWildcard || b.IsWildcard || string.Equals(b.HostIp, port.HostIp, StringComparison.OrdinalIgnoreCase)))
            {
                return port;
            }
        }
        return null;
    }

    public bool LacksMemory(Resources reservation) =>
        reservation.MemoryMb > 0 && Node.Capacity.MemoryMb > 0 && reservation.MemoryMb > MemoryFree;

    public bool LacksCpu(Resources reservation) =>
        reservation.CpuShares > 0 && Node.Capacity.CpuShares > 0 && reservation.CpuShares > CpuFree;

    public void Add(ReplicaFootprint footprint)
    {
        Replicas++;
        MemoryUsed += footprint.Reservation.MemoryMb;
        CpuUsed += footprint.Reservation.CpuShares;
        foreach (var port in footprint.Ports)
        {
            _ports ??= [];
            if (!_ports.TryGetValue((port.Port, port.Protocol), out var bound))
            {
                bound = new List<PublishedPort>(1);
                _ports.Add((port.Port, port.Protocol), bound);
            }
            bound.Add(port);
        }
    }
}
