using Codemason.Testing.Cluster;

namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>
/// The network of a partition test: where the cluster's processes run (<see cref="Network"/>) and how agent
/// <c>a</c>'s side is cut off and joined again. On one engine that is <see cref="NetworkPartition"/>'s link
/// between agent a and everything else; on the harness, node 1 cut off from the bridge
/// (<see cref="EngineCluster.CutAsync"/>).
/// </summary>
public sealed class PartitionedNetwork
{
    private readonly Func<CancellationToken, Task> _cut;
    private readonly Func<CancellationToken, Task> _heal;

    private PartitionedNetwork(IClusterNetwork network, Func<CancellationToken, Task> cut, Func<CancellationToken, Task> heal)
    {
        Network = network;
        _cut = cut;
        _heal = heal;
    }

    public IClusterNetwork Network { get; }

    /// <summary>Agent a and the rest of the cluster on this machine's engine, split by <paramref name="partition"/>.</summary>
    public static PartitionedNetwork Of(NetworkPartition partition)
    {
        ArgumentNullException.ThrowIfNull(partition);
        return new(partition,
            _ =>
            {
                partition.Cut();
                return Task.CompletedTask;
            },
            _ =>
            {
                partition.Heal();
                return Task.CompletedTask;
            });
    }

    /// <summary>Agent a on the harness's node 1, cut off from the other nodes and the controller.</summary>
    public static PartitionedNetwork Of(EngineCluster harness)
    {
        ArgumentNullException.ThrowIfNull(harness);
        var node = harness.NodeOf("a");
        return new(harness, cancellationToken => harness.CutAsync(node, cancellationToken), cancellationToken => harness.HealAsync(node, cancellationToken));
    }

    /// <summary>No packet passes between agent a's side and the rest, either way.</summary>
    public Task CutAsync(CancellationToken cancellationToken) => _cut(cancellationToken);

    public Task HealAsync(CancellationToken cancellationToken) => _heal(cancellationToken);
}
