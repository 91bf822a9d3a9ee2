namespace Codemason.Testing.Processes;

/// <summary>How one agent process is started.</summary>
/// <param name="Controller">The controller's address.</param>
/// <param name="JoinToken">Join token; null once the state file holds a node credential.</param>
/// <param name="StatePath">The agent's state file (identity and assignments).</param>
/// <param name="NodeName">Value of the <c>codemason.node</c> label on its engine objects.</param>
/// <param name="ResourcePrefix">Prefix of its network and volume names.</param>
/// <param name="ExtraLabels">Labels on every object, <c>codemason.test=&lt;run id&gt;</c> for cleanup.</param>
public sealed record AgentSettings(Uri Controller, string? JoinToken, string StatePath, string NodeName, string ResourcePrefix, string ExtraLabels)
{
    /// <summary>The controller's CA fingerprint the agent pins (<c>--ca-fingerprint</c>); null = none.</summary>
    public string? CaFingerprint { get; init; }

    /// <summary>Whether replicas join the overlay (<c>--overlay</c>); false when the agent's namespace is not its engine's.</summary>
    public bool Overlay { get; init; } = true;

    /// <summary>The node's labels for placement constraints (<c>--labels k=v,...</c>); null = none.</summary>
    public string? NodeLabels { get; init; }

    /// <summary>The engine the agent talks to (<c>--docker-host unix:///path</c>); null = this machine's engine.</summary>
    public string? DockerHost { get; init; }
}
