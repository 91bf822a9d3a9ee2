namespace Codemason.Agent.Edge;

/// <summary>
/// What to do about this node's edge container (pure). Desired none: remove every edge container (volumes stay).
/// Desired one: keep a single alive container of that environment with that spec hash, and give it the routes when
/// what it was last given differs; any other (another environment, another hash, stopped and not being
/// restarted, a duplicate) is removed, and one is created when none is kept. Removals come first, so the new
/// container can take the name and the ports.
/// </summary>
public static class EdgePlanner
{
    /// <summary>
    /// The actions that bring <paramref name="observed"/> to <paramref name="desired"/>, in order;
    /// <paramref name="hasRoutes"/> tells whether a container (by id) was last given the routes as they are now.
    /// </summary>
    public static IReadOnlyList<EdgeAction> Plan(EdgeDeployment? desired, IReadOnlyList<ObservedEdge> observed, Func<string, bool> hasRoutes)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(hasRoutes);
        var actions = new List<EdgeAction>();
        ObservedEdge? kept = null;
        foreach (var container in observed.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var reason = desired is null ? "this node runs no edge"
                : container.Environment != desired.Environment ? $"environment {container.Environment} is not {desired.Environment}"
                : container.SpecHash != desired.SpecHash ? $"spec hash {container.SpecHash} is not {desired.SpecHash}"
                : !container.Alive ? $"{container.State}, not restarted by the engine"
                : kept is not null ? $"duplicate of {kept.Name}"
                : null;
            if (reason is null)
            {
                kept = container;
            }
            else
            {
                actions.Add(new RemoveEdge(container, reason));
            }
        }
        if (desired is not null)
        {
            if (kept is null)
            {
                actions.Add(new CreateEdge(desired));
            }
            else if (!hasRoutes(kept.Id))
            {
                actions.Add(new UpdateEdgeRoutes(kept, desired));
            }
        }
        return actions;
    }
}
