using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codemason.Controller.Store;

/// <summary>
/// Where a service's replicas may run, as stored with the service: constraint expressions that must all hold
/// (<c>node.labels.disk == ssd</c>, <c>node.hostname != db1</c>; Mortar has checked their syntax) and the most
/// replicas of the service on one node (null = no limit).
/// </summary>
public sealed record ServicePlacement(IReadOnlyList<string> Constraints, int? MaxPerNode)
{
    /// <summary>No rule: any node that is Ready and Active.</summary>
    public static ServicePlacement None { get; } = new([], null);

    /// <summary>The column's text: <c>{"constraints":[...],"maxPerNode":n}</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(new Stored(Constraints.ToArray(), MaxPerNode));

    /// <summary>Reads the column; an empty or '{}' column (rows written before placement existed) is <see cref="None"/>.</summary>
    public static ServicePlacement FromJson(string json)
    {
        var stored = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Stored>(json);
        return stored is null || (stored.Constraints is not { Length: > 0 } && stored.MaxPerNode is null)
            ? None
            : new ServicePlacement(stored.Constraints ?? [], stored.MaxPerNode);
    }

    private sealed record Stored(
        [property: JsonPropertyName("constraints")] string[]? Constraints,
        [property: JsonPropertyName("maxPerNode")] int? MaxPerNode);
}
