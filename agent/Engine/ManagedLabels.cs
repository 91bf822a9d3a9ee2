namespace Codemason.Agent.Engine;

/// <summary>
/// The labels that mark engine objects as Codemason's. The agent never touches a container,
/// network or volume without <see cref="Managed"/> and its own <see cref="NodeId"/> (<see cref="NodeScope.Owns"/>),
/// whatever its name.
/// </summary>
public static class ManagedLabels
{
    /// <summary>"true" on everything the agent made.</summary>
    public const string Managed = "codemason.managed";

    /// <summary>Name of the node that made the object, for people; agents before <see cref="NodeId"/> owned objects by it.</summary>
    public const string Node = "codemason.node";

    /// <summary>
    /// Id of the node that owns the object (the controller's node id, or one the agent made in standalone mode): lets
    /// several agents share one engine, each touching only its own objects.
    /// </summary>
    public const string NodeId = "codemason.node-id";

    public const string Environment = "codemason.environment";

    public const string App = "codemason.app";

    public const string Service = "codemason.service";

    /// <summary>Replica index within the service, from 1.</summary>
    public const string Replica = "codemason.replica";

    /// <summary>App revision whose spec the container runs.</summary>
    public const string Revision = "codemason.revision";

    /// <summary>Content hash of the spec: a different hash means the container must be replaced.</summary>
    public const string SpecHash = "codemason.spec-hash";

    /// <summary>On volumes: the volume's name as the mason.json gives it.</summary>
    public const string Volume = "codemason.volume";

    /// <summary>
    /// On the container (and volume) of an environment's private registry this node runs: the environment. Objects with
    /// it carry no app, so the replica reconciler never sees them (docs/registry.md).
    /// </summary>
    public const string Registry = "codemason.registry";

    /// <summary>On the edge proxy's container and volume: the environment whose routes it serves (docs/edge.md).</summary>
    public const string Edge = "codemason.edge";

    /// <summary>The replica a container's labels (or an engine event's attributes) name; null when they name none.</summary>
    public static ReplicaId? ReplicaOf(IReadOnlyDictionary<string, string>? labels) =>
        labels is not null
        && ReplicaId.TryCreate(
            labels.GetValueOrDefault(Environment), labels.GetValueOrDefault(App), labels.GetValueOrDefault(Service), labels.GetValueOrDefault(Replica),
            out var replica)
            ? replica
            : null;
}
