using System.Diagnostics.Metrics;

namespace Codemason.Controller.Reconcile;

/// <summary>The reconcile loop's instruments (meter <c>Codemason.Controller</c>, served on <c>/metrics</c> with the rest).</summary>
public sealed class ReconcileMetrics : IDisposable
{
    private readonly Meter _meter = new("Codemason.Controller");
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _errors;
    private readonly Counter<long> _repairs;

    /// <summary>Creates the instruments; <paramref name="queueDepth"/> is read at each collection.</summary>
    public ReconcileMetrics(Func<int> queueDepth)
    {
        _meter.CreateObservableGauge("codemason.controller.reconcile.queue.depth", queueDepth, null,
            "Targets (an app, or every app of an environment) waiting for the reconcile loop, not counting ones waiting out a retry delay");
        _duration = _meter.CreateHistogram<double>("codemason.controller.reconcile.duration", "s",
            "Time of one reconcile pass over an environment, by outcome (ok, error)");
        _errors = _meter.CreateCounter<long>("codemason.controller.reconcile.errors", null,
            "Reconcile passes that failed and were queued again with backoff");
        _repairs = _meter.CreateCounter<long>("codemason.controller.reconcile.repairs", null,
            "Replica rows rewritten because they no longer matched their app's current revision");
    }

    /// <summary>Records one pass.</summary>
    public void Passed(TimeSpan elapsed, PassResult result)
    {
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "ok"));
        if (result.RepairedRows > 0)
        {
            _repairs.Add(result.RepairedRows);
        }
    }

    /// <summary>Records one failed pass.</summary>
    public void Failed(TimeSpan elapsed)
    {
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("outcome", "error"));
        _errors.Add(1);
    }

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();
}
