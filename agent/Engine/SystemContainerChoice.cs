namespace Codemason.Agent.Engine;

/// <summary>
/// Which of a node's system containers of one kind (<see cref="ObservedSystemContainer"/>) to keep (pure): none when
/// the node must run none; else a single alive container of the wanted environment with the wanted spec hash. Every
/// other one — another environment, another hash, stopped and not being restarted, a duplicate — is to be removed,
/// with the reason.
/// </summary>
public static class SystemContainerChoice
{
    /// <summary>The container to keep (null: none) and those to remove, in name order.</summary>
    /// <param name="environment">The environment the node must run one for; null = none.</param>
    /// <param name="specHash">The spec hash it must have.</param>
    /// <param name="noneWanted">The removal reason when none is wanted ("this node runs no edge").</param>
    /// <param name="observed">The node's containers of the kind.</param>
    public static (ObservedSystemContainer? Kept, IReadOnlyList<(ObservedSystemContainer Container, string Reason)> Removals) Choose(
        string? environment, string? specHash, string noneWanted, IReadOnlyList<ObservedSystemContainer> observed)
    {
        ArgumentNullException.ThrowIfNull(observed);
        var removals = new List<(ObservedSystemContainer, string)>();
        ObservedSystemContainer? kept = null;
        foreach (var container in observed.OrderBy(c => c.Name, StringComparer.Ordinal).ThenBy(c => c.Id, StringComparer.Ordinal))
        {
            var reason = environment is null ? noneWanted
                : container.Environment != environment ? $"environment {container.Environment} is not {environment}"
                : container.SpecHash != specHash ? $"spec hash {container.SpecHash} is not {specHash}"
                : !container.Alive ? $"{container.State}, not restarted by the engine"
                : kept is not null ? $"duplicate of {kept.Name}"
                : null;
            if (reason is null)
            {
                kept = container;
            }
            else
            {
                removals.Add((container, reason));
            }
        }
        return (kept, removals);
    }
}
