using System.Text.Json;
using System.Text.Json.Serialization;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Store;

/// <summary>
/// The <c>services.placement</c> column: a service's <see cref="PlacementRules"/> as
/// <c>{"constraints":["node.labels.disk == ssd"],"maxPerNode":1}</c>. Rows written before placement existed hold
/// <c>{}</c>, which reads as <see cref="PlacementRules.None"/>.
/// </summary>
internal static class StoredPlacement
{
    public static string ToJson(PlacementRules rules) =>
        JsonSerializer.Serialize(new Column([.. rules.Constraints.Select(c => c.ToString())], rules.MaxPerNode));

    /// <exception cref="InvalidDataException">A constraint in the column does not parse (only a hand edit writes one).</exception>
    public static PlacementRules FromJson(string json)
    {
        var column = string.IsNullOrWhiteSpace(json) ? null : JsonSerializer.Deserialize<Column>(json);
        if (column is null || (column.Constraints is not { Length: > 0 } && column.MaxPerNode is null))
        {
            return PlacementRules.None;
        }
        var constraints = new List<PlacementConstraint>();
        foreach (var text in column.Constraints ?? [])
        {
            if (!PlacementConstraint.TryParse(text, out var constraint, out var error))
            {
                throw new InvalidDataException($"the stored placement {json} is not valid: {error}");
            }
            constraints.Add(constraint);
        }
        return new PlacementRules(constraints, column.MaxPerNode);
    }

    private sealed record Column(
        [property: JsonPropertyName("constraints")] string[]? Constraints,
        [property: JsonPropertyName("maxPerNode")] int? MaxPerNode);
}
