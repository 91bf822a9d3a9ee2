using Codemason.Agent.Engine;

namespace Codemason.Agent.Edge;

/// <summary>
/// What to do about this node's edge container (pure). Desired none: remove every edge container (volumes stay).
/// Desired one: keep a single alive container of that environment with that spec hash
/// (<see cref="SystemContainerChoice"/>) and give it the routes when what it was last given differs; remove any
/// other, and create one when none is kept. Removals come first, so the new container can take the name and the ports.
/// </summary>
public static class EdgePlanner
{
    /// <summary>
    /// The actions that bring <paramref name="observed"/> to <paramref name="desired"/>, in order;
    /// <paramref name="hasRoutes"/> tells whether a container (by id) was last given the routes as they are now.
    /// </summary>
    public static IReadOnlyList<EdgeAction> Plan(EdgeDeployment? desired, IReadOnlyList<ObservedSystemContainer> observed, Func<string, bool> hasRoutes)
    {
        ArgumentNullException.ThrowIfNull(hasRoutes);
        var (kept, removals) = SystemContainerChoice.Choose(desired?.Environment, desired?.SpecHash, "this node runs no edge", observed);
        var actions = new List<EdgeAction>(removals.Select(r => new RemoveEdge(r.Container, r.Reason)));
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
