using System.Net;

namespace Codemason.Bench.Peers;

/// <summary>
/// Where <see cref="CodemasonCluster"/> runs its processes. The default is the peers benchmark's: the controller on
/// loopback and one agent on this machine's engine.
/// </summary>
internal sealed record CodemasonClusterOptions
{
    /// <summary>The address the controller listens on (default loopback; a harness's bridge address for agents in namespaces).</summary>
    public IPAddress ListenAddress { get; init; } = IPAddress.Loopback;

    /// <summary>The environment's name starts with this, followed by part of the run id (default <c>peers</c>).</summary>
    public string EnvironmentPrefix { get; init; } = "peers";

    /// <summary>One agent per entry, in this order (default: one agent on this machine's engine).</summary>
    public IReadOnlyList<AgentPlacement> Agents { get; init; } = [new AgentPlacement()];

    /// <summary>More arguments of the controller (default none), e.g. the edge's image and ports: <c>--Edge:HttpPort=N</c>.</summary>
    public IReadOnlyList<string> ControllerArguments { get; init; } = [];
}
