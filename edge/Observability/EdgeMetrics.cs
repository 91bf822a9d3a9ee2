using System.Diagnostics.Metrics;
using Codemason.Edge.Routing;

namespace Codemason.Edge.Observability;

/// <summary>
/// The edge's instruments (meter <see cref="MeterName"/>), exported on <c>/metrics</c> by OpenTelemetry's Prometheus
/// exporter: requests by route and status class, their duration by route, upstream errors by route, and the
/// applied configuration version.
/// </summary>
internal sealed class EdgeMetrics
{
    public const string MeterName = "Codemason.Edge";

    /// <summary>The route tag of requests that matched no route.</summary>
    public const string NoRoute = "-";

    private static readonly string[] StatusClasses = ["1xx", "2xx", "3xx", "4xx", "5xx"];

    private readonly Counter<long> _requests;
    private readonly Histogram<double> _duration;
    private readonly Counter<long> _upstreamErrors;

    public EdgeMetrics(IMeterFactory meters, EdgeState state)
    {
        var meter = meters.Create(MeterName);
        _requests = meter.CreateCounter<long>("edge.requests", "{request}", "Requests answered, by route and status class.");
        _duration = meter.CreateHistogram<double>(
            "edge.request.duration",
            "s",
            "Time from request to the end of the response, by route.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30] });
        _upstreamErrors = meter.CreateCounter<long>("edge.upstream.errors", "{error}", "Forwarding failures (connect, send, timeout, body), by route.");
        meter.CreateObservableGauge(
            "edge.config.applied",
            () => state.Current.Version is { } version
                ? [new Measurement<long>(1, new KeyValuePair<string, object?>("version", version))]
                : Array.Empty<Measurement<long>>(),
            description: "1 for the configuration version being served.");
    }

    public void RequestDone(string? routeId, int status, TimeSpan duration, string? upstreamError)
    {
        var route = new KeyValuePair<string, object?>("route", routeId ?? NoRoute);
        var statusClass = status is >= 100 and < 600 ? StatusClasses[(status / 100) - 1] : "other";
        _requests.Add(1, route, new KeyValuePair<string, object?>("status_class", statusClass));
        _duration.Record(duration.TotalSeconds, route);
        if (upstreamError is not null)
        {
            _upstreamErrors.Add(1, route, new KeyValuePair<string, object?>("error", upstreamError));
        }
    }
}
