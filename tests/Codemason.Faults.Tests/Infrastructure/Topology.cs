namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>Where a fault test's agents and their containers run.</summary>
public enum Topology
{
    /// <summary>
    /// Every agent on this machine's one engine; a partition test's agent runs in a network namespace of its own
    /// (<see cref="NetworkPartition"/>), which separates only its traffic to the controller.
    /// </summary>
    OneEngine,

    /// <summary>
    /// The multi-node harness (<see cref="Codemason.Testing.Cluster.EngineCluster"/>): each agent in its own
    /// namespace on its own engine, replicas on the environment's overlay; a cut separates a node from the
    /// controller and from the other nodes' overlay alike.
    /// </summary>
    Harness,
}
