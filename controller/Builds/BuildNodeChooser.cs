namespace Codemason.Controller.Builds;

/// <summary>
/// Picks the node that builds (pure): among connected nodes, those labelled <c>build=true</c> when any is, else every
/// node; schedulable ones before cordoned or draining ones; then the one with the fewest builds running, then by id.
/// </summary>
public static class BuildNodeChooser
{
    /// <summary>The label that marks nodes for building.</summary>
    public const string BuildLabel = "build";

    /// <summary>The chosen node, or null when no node is connected.</summary>
    public static BuildCandidate? Choose(IReadOnlyList<BuildCandidate> candidates)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        var labelled = candidates.Where(c => c.Labels.TryGetValue(BuildLabel, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase)).ToList();
        return (labelled.Count > 0 ? labelled : candidates)
            .OrderByDescending(c => c.Schedulable)
            .ThenBy(c => c.RunningBuilds)
            .ThenBy(c => c.Node.Value, StringComparer.Ordinal)
            .FirstOrDefault();
    }
}
