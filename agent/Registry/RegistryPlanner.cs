using Codemason.Agent.Engine;

namespace Codemason.Agent.Registry;

/// <summary>
/// What to do about this node's registry container (pure). Desired none: remove every registry container (volumes
/// stay). Desired one: keep a single alive container of that environment with that spec hash
/// (<see cref="SystemContainerChoice"/>), remove any other, and create one when none is kept. Removals come first, so
/// the new container can take the name and the port.
/// </summary>
public static class RegistryPlanner
{
    /// <summary>The actions that bring <paramref name="observed"/> to <paramref name="desired"/>, in order.</summary>
    public static IReadOnlyList<RegistryAction> Plan(RegistryDeployment? desired, IReadOnlyList<ObservedSystemContainer> observed)
    {
        var (kept, removals) = SystemContainerChoice.Choose(desired?.Environment, desired?.SpecHash, "this node runs no registry", observed);
        var actions = new List<RegistryAction>(removals.Select(r => new RemoveRegistry(r.Container, r.Reason)));
        if (desired is not null && kept is null)
        {
            actions.Add(new CreateRegistry(desired));
        }
        return actions;
    }
}
