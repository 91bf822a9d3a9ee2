using System.Globalization;

namespace Codemason.Testing.Cluster;

public sealed partial class EngineCluster
{
    /// <summary>
    /// Runs <c>scripts/cluster.sh stop-node K</c> for <paramref name="node"/>: its containers, its engine and every
    /// process in its namespace (an agent running there included) are gone, as when a server dies. The namespace
    /// and its link stay, so the other nodes see a silent server; dispose (<c>down</c>) removes the rest as usual.
    /// </summary>
    public async Task StopNodeAsync(ClusterNode node, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(node);
        var index = Nodes.ToList().IndexOf(node);
        if (index < 0)
        {
            throw new ArgumentException($"{node.Name} is not a node of cluster {Name}", nameof(node));
        }
        var (code, output, error) = await ClusterScript.RunAsync(Name, _stateDirectory, "stop-node",
            [(index + 1).ToString(CultureInfo.InvariantCulture)], cancellationToken);
        if (code != 0)
        {
            throw new InvalidOperationException($"scripts/cluster.sh --name {Name} stop-node {index + 1} failed ({code}):\n{error}\n{output}");
        }
    }
}
