namespace Codemason.Agent.Registry;

/// <summary>
/// What to do about this node's registry container (pure). Desired none: remove every registry container (volumes
/// stay). Desired one: keep a single alive container of that environment with that spec hash; any other (another
/// environment, another hash, stopped and not being restarted, a duplicate) is removed, and one is created when none is
/// kept. Removals come first, so the new container can take the name and the port.
/// </summary>
public static class RegistryPlanner
{
    /// <summary>The actions that bring <paramref name="observed"/> to <paramref name="desired"/>, in order.</summary>
    public static IReadOnlyList<RegistryAction> Plan(RegistryDeployment? desired, IReadOnlyList<ObservedRegistry> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var actions = new List<RegistryAction>();
        ObservedRegistry? kept = null;
        foreach (var container in observed.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var reason = desired is null ? "this node runs no registry"
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
                actions.Add(new RemoveRegistry(container, reason));
            }
        }
        if (desired is not null && kept is null)
        {
            actions.Add(new CreateRegistry(desired));
        }
        return actions;
    }
}
