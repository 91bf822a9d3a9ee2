using Codemason.Agent.Reconciliation;

namespace Codemason.Agent.Engine;

/// <summary>Everything of this node's on the engine at one moment: what a full resync plans from.</summary>
/// <param name="Containers">Managed containers, grouped by replica.</param>
/// <param name="Networks">App networks that exist, by app.</param>
/// <param name="Volumes">Named volumes (as the mason.json names them), by app.</param>
public sealed record EngineSnapshot(
    IReadOnlyDictionary<ReplicaId, IReadOnlyList<ObservedContainer>> Containers,
    IReadOnlySet<AppKey> Networks,
    IReadOnlyDictionary<AppKey, IReadOnlyList<string>> Volumes);
