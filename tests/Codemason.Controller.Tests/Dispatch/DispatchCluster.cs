namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// The dispatcher tests' <see cref="ProcessCluster"/>: a real controller with 1 s heartbeats and a 5 s restart
/// grace, and real agents; app <see cref="App"/>.
/// </summary>
public static class DispatchCluster
{
    /// <summary>The app the tests apply.</summary>
    public const string App = "dispatch";

    /// <summary>Heartbeat period the controller asks for.</summary>
    public static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Grace after a controller restart before silent nodes are Down: the controller's restart on a loaded machine
    /// (up to ~5 s) plus the agent's longest reconnect wait (<c>ControllerSession.MaxReconnectDelay</c>, 5 s).
    /// </summary>
    public static readonly TimeSpan RestartGrace = TimeSpan.FromSeconds(10);

    private static readonly ClusterOptions Options = new(App)
    {
        HeartbeatPeriod = HeartbeatPeriod,
        RestartGrace = RestartGrace,
        StoppedContainersAllowed = true,
    };

    public static Task<ProcessCluster> StartAsync(int agents, CancellationToken cancellationToken) =>
        ProcessCluster.StartAsync(agents, Options, cancellationToken);

    /// <summary>Two services (web, worker) of <paramref name="scale"/> sleeping replicas each, without host ports.</summary>
    public static string MasonJson(int scale = 3, string webMode = "one") => ProcessCluster.MasonJson(App, scale, webMode);
}
