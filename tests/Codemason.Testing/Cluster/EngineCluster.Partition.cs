using System.Globalization;

namespace Codemason.Testing.Cluster;

/// <summary>Partitions: one node cut off from the other nodes and from the host side, and joined again.</summary>
public sealed partial class EngineCluster
{
    /// <summary>
    /// Cuts <paramref name="node"/> off (<c>scripts/cluster.sh cut K</c>: its host-side veth down). No frame passes
    /// between it and the bridge either way: neither its agent's traffic to the controller on <see cref="Gateway"/>,
    /// nor the VXLAN frames of its overlay, nor its published ports. Inside the node nothing changes (its address,
    /// routes, engine and containers stay), so its agent sees only silence. Idempotent; dispose removes a cut node too.
    /// </summary>
    public Task CutAsync(ClusterNode node, CancellationToken cancellationToken) => RunNodeCommandAsync("cut", node, cancellationToken);

    /// <summary>Joins <paramref name="node"/> again (<c>scripts/cluster.sh heal K</c>); connections inside it resume. Idempotent.</summary>
    public Task HealAsync(ClusterNode node, CancellationToken cancellationToken) => RunNodeCommandAsync("heal", node, cancellationToken);

    private async Task RunNodeCommandAsync(string command, ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var index = Nodes.ToList().IndexOf(node);
        if (index < 0)
        {
            throw new ArgumentException($"node {node.Name} is not one of cluster {Name}'s", nameof(node));
        }
        var (code, output, error) = await ClusterScript.RunAsync(Name, _stateDirectory, command,
            [(index + 1).ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"scripts/cluster.sh --name {Name} {command} {index + 1} failed ({code}):\n{error}\n{output}");
        }
    }
}
