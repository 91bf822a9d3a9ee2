using System.Diagnostics.Metrics;
using Codemason.Agent.Reconciliation;
using Codemason.Agent.Status;

namespace Codemason.Agent.Telemetry;

/// <summary>
/// The agent's instruments (meter <c>Codemason.Agent</c>), served on <c>/metrics</c> and exported over
/// OTLP when configured. One instance per agent, so in-process test agents do not mix their series.
/// </summary>
public sealed class AgentMetrics : IDisposable
{
    private readonly Meter _meter = new("Codemason.Agent");
    private readonly Histogram<double> _reconcileDuration;
    private readonly Counter<long> _reconcileFailures;
    private readonly Counter<long> _engineErrors;

    /// <summary>Creates the instruments; replica counts are read from <paramref name="status"/> at collection.</summary>
    public AgentMetrics(ReplicaStatusBoard status)
    {
        ArgumentNullException.ThrowIfNull(status);
        _reconcileDuration = _meter.CreateHistogram<double>("codemason.agent.reconcile.duration", "s",
            "Time to reconcile one key: a replica, an app's network and volumes, or a full re-list");
        _reconcileFailures = _meter.CreateCounter<long>("codemason.agent.reconcile.failures", null,
            "Reconciles that failed and were queued again, by reason (engine_unavailable, engine_error, retry_later, unexpected)");
        _engineErrors = _meter.CreateCounter<long>("codemason.agent.engine.errors", null,
            "Docker Engine API calls that failed, by operation (containers.create, containers.start, …) and kind (not_found, conflict, bad_request, unavailable, timeout, registry_unavailable, server_error, error)");
        _meter.CreateObservableGauge("codemason.agent.replicas", () => status.Snapshot()
                .GroupBy(s => s.State)
                .Select(g => new Measurement<int>(g.Count(), new KeyValuePair<string, object?>("state", g.Key.ToString().ToLowerInvariant()))),
            null, "Replicas on this node by their last reported state");
    }

    /// <summary>Records one reconcile of <paramref name="kind"/> that took <paramref name="elapsed"/>.</summary>
    public void Reconciled(ReconcileKeyKind kind, TimeSpan elapsed) =>
        _reconcileDuration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("kind", kind.ToString().ToLowerInvariant()));

    /// <summary>Counts a reconcile that failed for <paramref name="reason"/>.</summary>
    public void Failed(string reason) => _reconcileFailures.Add(1, new KeyValuePair<string, object?>("reason", reason));

    /// <summary>Counts a failed Engine API call.</summary>
    public void EngineCallFailed(string operation, string kind) => _engineErrors.Add(1,
        new KeyValuePair<string, object?>("operation", operation), new KeyValuePair<string, object?>("kind", kind));

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
