using System.Diagnostics.Metrics;
using Codemason.Controller.Dispatch;

namespace Codemason.Controller.Telemetry;

/// <summary>
/// The controller's instruments (meter <c>Codemason.Controller</c>), served on <c>/metrics</c> and exported
/// over OTLP when configured.
/// </summary>
public sealed class ControllerMetrics : IDisposable
{
    private readonly Meter _meter = new("Codemason.Controller");
    private readonly Histogram<double> _applyDuration;
    private readonly Histogram<double> _dispatchLag;
    private readonly Counter<long> _agentRefusals;
    private readonly Counter<long> _apiRefusals;

    /// <summary>Creates the instruments; connected agents are counted from <paramref name="connections"/> (when the dispatcher runs) at collection.</summary>
    public ControllerMetrics(AgentConnections? connections)
    {
        _applyDuration = _meter.CreateHistogram<double>("codemason.controller.apply.duration", "s",
            "Time to validate, store and schedule an applied mason.json, by outcome (changed, unchanged, dry_run, rejected)");
        _dispatchLag = _meter.CreateHistogram<double>("codemason.controller.dispatch.lag", "s",
            "Time from the commit of a store revision that changed a node's assignments to that node's ack of it, one measurement per node and revision, by environment");
        _agentRefusals = _meter.CreateCounter<long>("codemason.controller.agent.refusals", "{stream}",
            "Agent streams refused before a session started, by reason (join_token, credential, malformed, hello_timeout)");
        _apiRefusals = _meter.CreateCounter<long>("codemason.controller.api.refusals", "{call}",
            "Public API calls and git requests refused, by reason (unauthenticated: no, unknown, revoked or expired token; permission_denied: role or environment)");
        if (connections is not null)
        {
            _meter.CreateObservableGauge("codemason.controller.agents.connected", () => connections.Live.Count, null,
                "Agents with an open stream to this controller");
        }
    }

    /// <summary>Records one apply that ended with <paramref name="outcome"/> after <paramref name="elapsed"/>.</summary>
    public void Applied(string outcome, TimeSpan elapsed) =>
        _applyDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Records that a node of <paramref name="environment"/> acknowledged a revision <paramref name="lag"/> after its commit.</summary>
    public void DispatchLag(string environment, TimeSpan lag) =>
        _dispatchLag.Record(Math.Max(0, lag.TotalSeconds), new KeyValuePair<string, object?>("environment", environment));

    /// <summary>Counts one agent stream refused for <paramref name="reason"/> (one of the <see cref="AgentRefusals"/> kinds).</summary>
    public void AgentRefused(string reason) =>
        _agentRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts one API call refused for <paramref name="reason"/> ("unauthenticated" or "permission_denied").</summary>
    public void ApiRefused(string reason) =>
        _apiRefusals.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
