using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>One service of a revision to store: the agent's spec (as sent in assignments), its hash, its scale and its ports in mason.json form.</summary>
public sealed record ServiceDraft(string Name, string SpecHash, ContainerSpec Spec, int Scale, IReadOnlyList<string> Ports)
{
    /// <summary>Where its replicas may run (not part of the spec: changing it moves only replicas that break it).</summary>
    public ServicePlacement Placement { get; init; } = ServicePlacement.None;
}
