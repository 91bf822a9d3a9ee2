namespace Codemason.Agent.Edge;

/// <summary>An edge container of this node as the engine lists it.</summary>
/// <param name="Id">Container id.</param>
/// <param name="Name">Container name, without the leading <c>/</c>.</param>
/// <param name="Environment">Its <c>codemason.edge</c> label.</param>
/// <param name="SpecHash">Its <c>codemason.spec-hash</c> label.</param>
/// <param name="State">The engine's state: <c>running</c>, <c>restarting</c>, <c>exited</c>, <c>created</c>, ….</param>
public sealed record ObservedEdge(string Id, string Name, string Environment, string SpecHash, string State)
{
    /// <summary>Running, or being restarted by the engine (its restart policy at work), or paused by someone on purpose.</summary>
    public bool Alive => State is "running" or "restarting" or "paused";
}
