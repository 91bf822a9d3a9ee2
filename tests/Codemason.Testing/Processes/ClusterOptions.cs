namespace Codemason.Testing.Processes;

/// <summary>How a <see cref="ProcessCluster"/> is set up.</summary>
/// <param name="App">Name of the app <see cref="ProcessCluster.MasonJson"/> describes.</param>
public sealed record ClusterOptions(string App)
{
    /// <summary>Heartbeat period the controller asks for; null = the controller's default.</summary>
    public TimeSpan? HeartbeatPeriod { get; init; }

    /// <summary>Grace after a controller restart before silent nodes are Down; null = the controller's default.</summary>
    public TimeSpan? RestartGrace { get; init; }

    /// <summary>
    /// Whether the controller serves TLS (<c>--tls on</c>, an <c>https://</c> address): agents and the test's
    /// client pin the CA fingerprint it prints. Default false: <c>--tls off</c>, cleartext HTTP/2 (also in
    /// <see cref="Network"/> namespaces, whose custom handler does not pin).
    /// </summary>
    public bool Tls { get; init; }

    /// <summary>Network namespaces to run the processes in; null = everything on this machine's loopback.</summary>
    public IClusterNetwork? Network { get; init; }

    /// <summary>Node labels of agent <c>name</c> (<c>k=v,...</c>); null = none.</summary>
    public Func<string, string?>? NodeLabels { get; init; }

    /// <summary>State file of agent <c>name</c>; null = one in the cluster's temp directory.</summary>
    public Func<string, string>? StatePath { get; init; }

    /// <summary>Controller log category kept to warnings and worse (<c>Default</c> = all of them).</summary>
    public string QuietLogCategory { get; init; } = "Default";

    /// <summary>
    /// Whether <see cref="ProcessCluster.ConvergedAsync"/> tolerates stopped containers of the run beside the
    /// running ones (true), or wants none at all (false).
    /// </summary>
    public bool StoppedContainersAllowed { get; init; }

    /// <summary>
    /// More controller options (<c>--Edge:HttpPort=18080</c>, ...), after the cluster's own; empty by default.
    /// </summary>
    public IReadOnlyList<string> ControllerArguments { get; init; } = [];
}

/// <summary>
/// Network namespaces the cluster's processes run in (a test's partition, or a multi-node harness of engines),
/// instead of loopback.
/// </summary>
public interface IClusterNetwork
{
    /// <summary>Where the controller listens, inside its namespace.</summary>
    Uri ControllerAddress { get; }

    /// <summary>The controller's namespace; null = this machine's own (root) namespace.</summary>
    string? ControllerNamespace { get; }

    /// <summary>The namespace agent <paramref name="agentName"/> runs in.</summary>
    string AgentNamespaceOf(string agentName);

    /// <summary>The engine agent <paramref name="agentName"/> talks to (<c>unix:///path</c>); null = this machine's engine.</summary>
    string? DockerHostOf(string agentName);

    /// <summary>An HTTP handler for the test's API client that reaches the controller's namespace; null = the default one.</summary>
    HttpMessageHandler? CreateHandler();
}
