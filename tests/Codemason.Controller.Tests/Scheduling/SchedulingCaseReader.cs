using System.Globalization;
using System.Text;
using System.Text.Json;
using Codemason.Controller.Nodes;
using Codemason.Controller.Scheduling;
using Codemason.Mortar.Model;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Scheduling;

/// <summary>
/// Reads a golden case's input.json into a <see cref="SchedulingRequest"/> and renders a
/// <see cref="SchedulingResult"/> as expected.txt. Omitted fields take defaults: hostname = id, Ready,
/// Active, no labels, unknown capacity; scale 1, no constraints, ports or reservations.
/// Ports are written <c>[ip:]port[/udp]</c>; nodes by short names (<see cref="TestIds.Node"/>), spec hashes by names (<see cref="TestIds.Hash"/>).
/// </summary>
internal static class SchedulingCaseReader
{
    public static SchedulingRequest Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var nodes = new List<SchedulingNode>();
        foreach (var n in Array(root, "nodes"))
        {
            var id = n.GetProperty("id").GetString()!;
            nodes.Add(new SchedulingNode(
                TestIds.Node(id),
                String(n, "hostname") ?? id,
                Enum.Parse<NodeStatus>(String(n, "status") ?? "Ready"),
                Enum.Parse<NodeAvailability>(String(n, "availability") ?? "Active"),
                Labels(n),
                new Resources(Long(n, "memoryMb"), Long(n, "cpuShares")),
                (int)Long(n, "recentFailures"),
                n.TryGetProperty("lastFailureAt", out var last) && last.ValueKind == JsonValueKind.String ? last.GetDateTimeOffset() : null));
        }
        var services = new List<SchedulingService>();
        foreach (var s in Array(root, "services"))
        {
            services.Add(new SchedulingService(
                new ServiceKey(s.GetProperty("app").GetString()!, s.GetProperty("service").GetString()!),
                s.TryGetProperty("scale", out var scale) ? scale.GetInt32() : 1,
                TestIds.Hash(String(s, "specHash") ?? "h1"),
                new PlacementRules([.. Array(s, "constraints").Select(c => PlacementConstraint.Parse(c.GetString()!))], NullableInt(s, "maxPerNode")),
                Footprint(s)));
        }
        var placements = new List<ReplicaPlacement>();
        foreach (var p in Array(root, "placements"))
        {
            var node = String(p, "node");
            placements.Add(new ReplicaPlacement(
                ReplicaId.Parse(p.GetProperty("replica").GetString()!),
                node is null ? null : TestIds.Node(node),
                Footprint(p)));
        }
        return new SchedulingRequest(root.GetProperty("environment").GetString()!, nodes, services, placements);
    }

    public static string Render(SchedulingResult result)
    {
        var text = new StringBuilder();
        text.Append("assignments:\n");
        foreach (var a in result.Assignments)
        {
            if (a.Node is { } node)
            {
                text.Append(CultureInfo.InvariantCulture, $"  {a.Replica} -> {TestIds.NodeName(node)} ({a.Outcome.ToString().ToLowerInvariant()})\n");
            }
            else
            {
                text.Append(CultureInfo.InvariantCulture, $"  {a.Replica} unplaced: {a.Explanation}\n");
            }
        }
        text.Append("moves:\n");
        foreach (var m in result.Moves)
        {
            text.Append(CultureInfo.InvariantCulture, $"  {m.Replica}: {TestIds.NodeName(m.From)} -> {(m.To is { } to ? TestIds.NodeName(to) : "(none)")}\n");
        }
        if (result.Moves.Count == 0)
        {
            text.Append("  (none)\n");
        }
        return text.ToString();
    }

    public static PublishedPort ParsePort(string text)
    {
        var protocol = PortProtocol.Tcp;
        if (text.EndsWith("/udp", StringComparison.Ordinal))
        {
            protocol = PortProtocol.Udp;
            text = text[..^4];
        }
        else if (text.EndsWith("/tcp", StringComparison.Ordinal))
        {
            text = text[..^4];
        }
        var colon = text.LastIndexOf(':');
        return colon < 0
            ? new PublishedPort(null, int.Parse(text, CultureInfo.InvariantCulture), protocol)
            : new PublishedPort(text[..colon], int.Parse(text.AsSpan(colon + 1), CultureInfo.InvariantCulture), protocol);
    }

    private static ReplicaFootprint Footprint(JsonElement element) =>
        new([.. Array(element, "ports").Select(p => ParsePort(p.GetString()!))], new Resources(Long(element, "memoryMb"), Long(element, "cpuShares")));

    private static Dictionary<string, string> Labels(JsonElement element)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (element.TryGetProperty("labels", out var l))
        {
            foreach (var property in l.EnumerateObject())
            {
                labels[property.Name] = property.Value.GetString()!;
            }
        }
        return labels;
    }

    private static JsonElement[] Array(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array ? [.. value.EnumerateArray()] : [];

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static long Long(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt64() : 0;

    private static int? NullableInt(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : null;
}
