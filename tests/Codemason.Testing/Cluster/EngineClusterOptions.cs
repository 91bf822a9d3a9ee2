namespace Codemason.Testing.Cluster;

/// <summary>How an <see cref="EngineCluster"/> is started.</summary>
public sealed record EngineClusterOptions
{
    /// <summary>Default for <see cref="Nodes"/>.</summary>
    public const int DefaultNodes = 3;

    /// <summary>How many nodes (engines). Default <see cref="DefaultNodes"/> (3).</summary>
    public int Nodes { get; init; } = DefaultNodes;

    /// <summary>
    /// Prefix of the cluster's namespaces and links, <c>[a-z][a-z0-9]{0,7}</c>. Default: <c>t</c> and 7 random
    /// hex digits, so that test runs in parallel never share one (<c>make cluster</c> uses <c>cm</c>).
    /// </summary>
    public string Name { get; init; } = "t" + Guid.NewGuid().ToString("N")[..7];

    /// <summary>
    /// Where the cluster's state lives (engines' data, sockets, logs). Default null: the repository's
    /// <c>.codemason/cluster-tests</c>, apart from <c>make cluster</c>'s, so that scripts/run-tests.sh can remove
    /// whatever a killed test process left there without touching a cluster someone started by hand.
    /// </summary>
    public string? StateDirectory { get; init; }

    /// <summary>
    /// When set (<c>400M</c>), each engine's data root is its own ext4 file system of that size (<c>cluster.sh
    /// --data-size</c>), so a test can fill a node's disk without touching this machine's. Default null: a directory.
    /// </summary>
    public string? DataRootSize { get; init; }
}
