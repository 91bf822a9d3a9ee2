using Codemason.Proto.V1;

namespace Codemason.Agent.Session;

/// <summary>What the agent tells the controller about its server in Hello.</summary>
/// <param name="Hostname">The node name: <c>--node-name</c>, else the engine's host name.</param>
/// <param name="Labels">Node labels for placement constraints.</param>
/// <param name="Capacity">CPU (shares, 1024 per core) and memory (MiB) of the server.</param>
/// <param name="EngineVersion">Docker engine version.</param>
/// <param name="AdvertiseAddress"><c>--advertise-address</c>; null = detected at every session start (<see cref="Session.AdvertiseAddress.DetectAsync"/>).</param>
public sealed record NodeFacts(string Hostname, IReadOnlyDictionary<string, string> Labels, Resources Capacity, string EngineVersion, System.Net.IPAddress? AdvertiseAddress = null)
{
    public static string AgentVersion =>
        typeof(NodeFacts).Assembly.GetName().Version?.ToString(3) ?? "dev";
}
