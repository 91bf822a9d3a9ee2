using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Normalisation.Placement;

/// <summary>
/// Reads <c>placement</c>: <c>constraints</c>, parsed by <see cref="PlacementConstraint.TryParse"/> (the parser the
/// scheduler uses), and <c>maxPerNode</c>.
/// </summary>
internal sealed class PlacementReader(NodeReader reader)
{
    public PlacementRules Read(MasonObject node, MasonPath path)
    {
        var placement = reader.ReadObject(node, "placement", path, MasonFields.Placement, "an object { \"constraints\": [...], \"maxPerNode\": ... }");
        if (placement is null)
        {
            return PlacementRules.None;
        }
        var constraints = ReadConstraints(placement, path.Property("placement"));
        // A maxPerNode that is not a whole number of at least 1 is the schema's error.
        var maxPerNode = placement["maxPerNode"] is MasonNumber { AsInt64: >= 1 and var max } ? (int)Math.Min(max, int.MaxValue) : (int?)null;
        return new PlacementRules(constraints, maxPerNode);
    }

    /// <summary>The valid constraints; each invalid one is an error at its item, with the parser's message.</summary>
    private List<PlacementConstraint> ReadConstraints(MasonObject placement, MasonPath placementPath)
    {
        var constraints = new List<PlacementConstraint>();
        if (reader.ReadArray(placement, "constraints", placementPath) is not { } list)
        {
            return constraints;
        }
        foreach (var (text, itemPath) in reader.ItemsOf<MasonString>(list, placementPath.Property("constraints"), "a string such as \"node.labels.disk == ssd\""))
        {
            if (PlacementConstraint.TryParse(text.Value, out var constraint, out var problem))
            {
                constraints.Add(constraint);
            }
            else
            {
                reader.Errors.Add(itemPath, text.Position, problem);
            }
        }
        return constraints;
    }
}
