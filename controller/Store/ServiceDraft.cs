using Codemason.Mortar.Model;
using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>One service of a revision to store.</summary>
/// <param name="Name">The service's name.</param>
/// <param name="SpecHash"><see cref="SpecHash.Of"/> <paramref name="Spec"/>; the store keeps the previous revision's hash for an unchanged spec.</param>
/// <param name="Spec">The agent's spec, as sent in assignments.</param>
/// <param name="Scale">Replica count.</param>
/// <param name="Ports">Published ports in mason.json form.</param>
public sealed record ServiceDraft(string Name, SpecHash SpecHash, ContainerSpec Spec, int Scale, IReadOnlyList<string> Ports)
{
    /// <summary>Where its replicas may run (not part of the spec: changing it moves only replicas that break it).</summary>
    public PlacementRules Placement { get; init; } = PlacementRules.None;
}
