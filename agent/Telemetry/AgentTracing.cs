using System.Diagnostics;

namespace Codemason.Agent.Telemetry;

/// <summary>
/// The agent's spans (activity source <c>Codemason.Agent</c>): <c>reconcile replica</c>, a child of the
/// controller's <c>dispatch</c> span when the replica's assignment came with a trace context.
/// </summary>
public static class AgentTracing
{
    /// <summary>The activity source all agent spans come from.</summary>
    public static readonly ActivitySource Source = new("Codemason.Agent");
}
