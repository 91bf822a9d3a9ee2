namespace Codemason.Faults.Tests.Infrastructure;

/// <summary>
/// The fault tests' <see cref="ProcessCluster"/>: app <see cref="App"/>, the controller's own logs kept (only
/// ASP.NET Core's per-request lines left out), and no stopped container of the run tolerated when converged.
/// </summary>
public static class FaultCluster
{
    /// <summary>The app the tests apply.</summary>
    public const string App = "faults";

    public static Task<string?> MissingPrerequisiteAsync(CancellationToken cancellationToken) =>
        ProcessCluster.MissingPrerequisiteAsync(cancellationToken);

    /// <summary>
    /// Starts the controller (null settings = its defaults) and <paramref name="agents"/> agents, on this machine's
    /// loopback and engine or in <paramref name="network"/>: with a <see cref="NetworkPartition"/>, agent "a" runs in
    /// the partition's agent namespace and the others beside the controller; on the harness, each agent on its node.
    /// </summary>
    public static Task<ProcessCluster> StartAsync(int agents, TimeSpan? heartbeatPeriod, TimeSpan? restartGrace, CancellationToken cancellationToken,
        IClusterNetwork? network = null, Func<string, string>? statePath = null, Func<string, string?>? nodeLabels = null) =>
        ProcessCluster.StartAsync(agents, new ClusterOptions(App)
        {
            HeartbeatPeriod = heartbeatPeriod,
            RestartGrace = restartGrace,
            Network = network,
            StatePath = statePath,
            NodeLabels = nodeLabels,
            QuietLogCategory = "Microsoft.AspNetCore",
        }, cancellationToken);

    /// <summary>Two services (web, worker) of sleeping replicas, without host ports.</summary>
    public static string MasonJson(int scale = 3, string webMode = "one", int? workerScale = null) =>
        ProcessCluster.MasonJson(App, scale, webMode, workerScale);
}
