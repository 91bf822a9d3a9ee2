using System.Globalization;
using Codemason.Cli.Output;
using Codemason.Proto.V1;

namespace Codemason.Cli.Commands.Nodes;

/// <summary><c>mason nodes</c> as a table.</summary>
internal static class NodesView
{
    public static string Render(IReadOnlyList<Node> nodes, DateTimeOffset now, Palette palette)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        var table = new TextTable("id", "hostname", "address", "environment", "status", "availability", "replicas", "cpu", "memory", "engine", "last seen");
        foreach (var node in nodes)
        {
            table.Add(
                node.Id,
                ResourceText.OrDash(node.Hostname),
                ResourceText.OrDash(node.AdvertiseAddress),
                node.Environment,
                ResourceText.StatusCell(node.Status),
                node.AwaitingApproval ? new TableCell("awaiting approval", Tone.Waiting) : ResourceText.AvailabilityCell(node.Availability),
                node.ReplicaCount.ToString(CultureInfo.InvariantCulture),
                Cpu(node),
                Memory(node),
                ResourceText.OrDash(node.EngineVersion),
                AgeFormatter.Format(node.LastSeen?.ToDateTimeOffset(), now) is var age && age != "-" ? age + " ago" : "-");
        }
        return table.Render(palette);
    }

    private static string Cpu(Node node) =>
        node.Capacity is { CpuShares: > 0 } capacity
            ? string.Create(CultureInfo.InvariantCulture, $"{(node.Reserved?.CpuShares ?? 0) / 1024.0:0.##}/{capacity.CpuShares / 1024.0:0.##}")
            : "-";

    private static string Memory(Node node) =>
        node.Capacity is { MemoryMb: > 0 } capacity
            ? string.Create(CultureInfo.InvariantCulture, $"{node.Reserved?.MemoryMb ?? 0}/{capacity.MemoryMb}Mi")
            : "-";
}
