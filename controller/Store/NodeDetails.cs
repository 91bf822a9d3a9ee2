using Codemason.Proto.V1;

namespace Codemason.Controller.Store;

/// <summary>What an agent says about its server in <c>Hello</c>: stored at join and refreshed at every session start.</summary>
/// <param name="Hostname">The server's host name.</param>
/// <param name="Labels">Placement labels.</param>
/// <param name="Capacity">CPU and memory of the server.</param>
/// <param name="EngineVersion">Docker engine version.</param>
/// <param name="AgentVersion">Agent version.</param>
/// <param name="Address">Remote address of the session.</param>
public sealed record NodeDetails(
    string Hostname,
    IReadOnlyDictionary<string, string> Labels,
    Resources Capacity,
    string EngineVersion,
    string AgentVersion,
    string Address)
{
    /// <summary>The IP address other nodes reach it at, as the agent reported it; empty when it reported none.</summary>
    public string AdvertiseAddress { get; init; } = "";
}
