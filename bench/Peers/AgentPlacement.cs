namespace Codemason.Bench.Peers;

/// <summary>Where one agent of a <see cref="CodemasonCluster"/> runs.</summary>
/// <param name="Namespace">
/// A network namespace under <c>/var/run/netns</c> the agent runs in (<c>nsenter --net</c>, which execs the agent, so
/// its pid is the agent's), or null for this machine's.
/// </param>
/// <param name="DockerHost">The agent's <c>--docker-host</c>, or null for this machine's engine.</param>
/// <param name="Labels">The node's labels for placement constraints (<c>--labels role=web</c>), or null.</param>
internal sealed record AgentPlacement(string? Namespace = null, string? DockerHost = null, string? Labels = null);
