namespace Codemason.Mortar.Model;

/// <summary>
/// Where a service's replicas may run: mason.json's <c>placement</c>. Not part of the spec hash, so changing it
/// moves only the replicas that break it and restarts none of the others.
/// </summary>
/// <param name="Constraints">All must hold on a node for a replica to run there; empty = every node.</param>
/// <param name="MaxPerNode">Most replicas of the service on one node (at least 1); null = no limit.</param>
public sealed record PlacementRules(IReadOnlyList<PlacementConstraint> Constraints, int? MaxPerNode)
{
    /// <summary>No constraints and no limit per node: the default of every service.</summary>
    public static PlacementRules None { get; } = new([], null);

    /// <summary>Equal when the constraints are the same, in the same order, and so is the limit.</summary>
    public bool Equals(PlacementRules? other) =>
        other is not null && MaxPerNode == other.MaxPerNode && Constraints.SequenceEqual(other.Constraints);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        hash.Add(MaxPerNode);
        foreach (var constraint in Constraints)
        {
            hash.Add(constraint);
        }
        return hash.ToHashCode();
    }
}
