namespace Codemason.Agent.Engine;

/// <summary>
/// A container this node runs for its environment itself, not for a replica (the private registry, the edge proxy),
/// as the engine lists it.
/// </summary>
/// <param name="Id">Container id.</param>
/// <param name="Name">Container name, without the leading <c>/</c>.</param>
/// <param name="Environment">The environment its label names (<c>codemason.registry</c>, <c>codemason.edge</c>).</param>
/// <param name="SpecHash">Its <c>codemason.spec-hash</c> label.</param>
/// <param name="State">The engine's state: <c>running</c>, <c>restarting</c>, <c>exited</c>, <c>created</c>, ….</param>
public sealed record ObservedSystemContainer(string Id, string Name, string Environment, string SpecHash, string State)
{
    /// <summary>Running, or being restarted by the engine (its restart policy at work), or paused by someone on purpose.</summary>
    public bool Alive => State is "running" or "restarting" or "paused";

    /// <summary>The containers carrying <paramref name="label"/> among <paramref name="listed"/> that <paramref name="scope"/> owns.</summary>
    public static IReadOnlyList<ObservedSystemContainer> Of(IEnumerable<Docker.Containers.ContainerSummary> listed, string label, NodeScope scope)
    {
        ArgumentNullException.ThrowIfNull(listed);
        ArgumentNullException.ThrowIfNull(scope);
        return [.. listed.Where(c => scope.Owns(c.Labels)).Select(c => new ObservedSystemContainer(
            c.Id, c.Name ?? c.Id, c.Labels!.GetValueOrDefault(label, ""), c.Labels!.GetValueOrDefault(ManagedLabels.SpecHash, ""), c.State ?? ""))];
    }
}
