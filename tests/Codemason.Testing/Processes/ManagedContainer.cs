using Codemason.Docker.Containers;

namespace Codemason.Testing.Processes;

/// <summary>A container an agent made, read from the engine: which node's agent made it, for which replica.</summary>
/// <param name="Id">Engine container id.</param>
/// <param name="Node">The <c>codemason.node</c> label: the agent's node name.</param>
/// <param name="ReplicaId">Its replica's id, as the controller names replicas (empty when its labels name none).</param>
/// <param name="Service">Service name.</param>
public sealed record ManagedContainer(string Id, string Node, string ReplicaId, string Service)
{
    public static ManagedContainer From(ContainerSummary container)
    {
        ArgumentNullException.ThrowIfNull(container);
        var labels = container.Labels ?? new Dictionary<string, string>();
        string Label(string key) => labels.GetValueOrDefault(key) ?? "";
        return new ManagedContainer(
            container.Id,
            Label("codemason.node"),
            Identity.ReplicaId.TryCreate(Label("codemason.environment"), Label("codemason.app"), Label("codemason.service"), Label("codemason.replica"), out var replica)
                ? replica.Value
                : "",
            Label("codemason.service"));
    }
}
