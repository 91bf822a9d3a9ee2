using Codemason.Controller.Nodes;
using System.Globalization;
using System.Text;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Scheduling;

/// <summary>
/// Counts why nodes were filtered out for one service, and renders the count as the explanation users read:
/// <c>3 nodes; 2 lack label zone=eu; 1 already publishes port 80</c>.
/// </summary>
internal sealed class RejectionTally
{
    private readonly Dictionary<(RejectionKind Kind, int Sub, string Text), Entry> _entries = [];

    public int Count { get; private set; }

    public void AddStatus(NodeStatus status) =>
        Add(status == NodeStatus.Down ? RejectionKind.Down : RejectionKind.Unknown, 0, "is " + status, "are " + status);

    public void AddAvailability(NodeAvailability availability)
    {
        var word = availability.ToString().ToLowerInvariant();
        Add(availability == NodeAvailability.Drained ? RejectionKind.Drained : RejectionKind.Cordoned, 0, "is " + word, "are " + word);
    }

    public void AddConstraint(int position, PlacementConstraint constraint) =>
        Add(RejectionKind.Constraint, position, constraint.DescribeFailure(plural: false), constraint.DescribeFailure(plural: true));

    public void AddNodeMaxReplicas(int max)
    {
        var detail = string.Create(CultureInfo.InvariantCulture, $"{max} replicas, the most a node takes (Reconcile:MaxReplicasPerNode)");
        Add(RejectionKind.NodeMaxReplicas, 0, "already runs " + detail, "already run " + detail);
    }

    public void AddServiceMaxPerNode(string service, int max)
    {
        var detail = string.Create(CultureInfo.InvariantCulture, $"{max} {(max == 1 ? "replica" : "replicas")} of {service} (placement.maxPerNode)");
        Add(RejectionKind.ServiceMaxPerNode, 0, "already runs " + detail, "already run " + detail);
    }

    public void AddPort(PublishedPort port) =>
        Add(RejectionKind.Port, 0, $"already publishes port {port}", $"already publish port {port}");

    public void AddMemory(long needed, long free) =>
        Add(RejectionKind.Memory, 0, "lacks memory", "lack memory").Track(needed, free);

    public void AddCpu(long needed, long free) =>
        Add(RejectionKind.Cpu, 0, "lacks CPU", "lack CPU").Track(needed, free);

    /// <summary>Every rejection of this tally and of <paramref name="other"/>, counted together.</summary>
    public RejectionTally Merge(RejectionTally other)
    {
        var merged = new RejectionTally();
        foreach (var source in new[] { this, other })
        {
            foreach (var (key, entry) in source._entries)
            {
                var target = merged.Add(key.Kind, key.Sub, key.Text, entry.Plural, entry.Count);
                if (entry.Needed > 0)
                {
                    target.Track(entry.Needed, entry.MinFree);
                    target.Track(entry.Needed, entry.MaxFree);
                }
            }
        }
        return merged;
    }

    /// <summary><c>3 nodes; 2 lack label zone=eu; 1 already publishes port 80</c>.</summary>
    public string Render(int nodeCount)
    {
        var text = new StringBuilder();
        text.Append(CultureInfo.InvariantCulture, $"{nodeCount} {(nodeCount == 1 ? "node" : "nodes")}");
        var ordered = _entries
            .OrderBy(e => e.Key.Kind)
            .ThenBy(e => e.Key.Sub)
            .ThenBy(e => e.Key.Text, StringComparer.Ordinal);
        foreach (var (key, entry) in ordered)
        {
            text.Append(CultureInfo.InvariantCulture, $"; {entry.Count} {(entry.Count == 1 ? key.Text : entry.Plural)}");
            if (key.Kind is RejectionKind.Memory or RejectionKind.Cpu)
            {
                var unit = key.Kind == RejectionKind.Memory ? " MB" : " shares";
                var atMost = entry.MinFree == entry.MaxFree ? "" : "at most ";
                text.Append(CultureInfo.InvariantCulture, $" (needs {entry.Needed}{unit}, {atMost}{entry.MaxFree}{unit} free)");
            }
        }
        return text.ToString();
    }

    private Entry Add(RejectionKind kind, int sub, string singular, string plural, int count = 1)
    {
        if (!_entries.TryGetValue((kind, sub, singular), out var entry))
        {
            entry = new Entry(plural);
            _entries.Add((kind, sub, singular), entry);
        }
        entry.Count += count;
        Count += count;
        return entry;
    }

    private sealed class Entry(string plural)
    {
        public string Plural { get; } = plural;

        public int Count { get; set; }

        public long Needed { get; private set; }

        public long MinFree { get; private set; } = long.MaxValue;

        public long MaxFree { get; private set; } = long.MinValue;

        public void Track(long needed, long free)
        {
            Needed = needed;
            MinFree = Math.Min(MinFree, free);
            MaxFree = Math.Max(MaxFree, free);
        }
    }
}
