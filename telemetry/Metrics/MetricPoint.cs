namespace Codemason.Telemetry.Metrics;

/// <summary>The kind of a metric family, as Prometheus names it.</summary>
public enum MetricKind
{
    /// <summary>Only ever goes up (Counter, ObservableCounter).</summary>
    Counter,

    /// <summary>Goes up and down (UpDownCounter, ObservableGauge, ObservableUpDownCounter).</summary>
    Gauge,

    /// <summary>Bucketed observations with sum and count (Histogram).</summary>
    Histogram,
}

/// <summary>One time series of a family: its labels and its value (or histogram state).</summary>
/// <param name="Labels">Label names and values, in a stable order.</param>
/// <param name="Value">Counter or gauge value; for histograms the sum of observations.</param>
/// <param name="Count">Histogram: number of observations.</param>
/// <param name="BucketCounts">Histogram: observations at or below each bound of the family (not cumulative).</param>
public sealed record MetricPoint(
    IReadOnlyList<KeyValuePair<string, string>> Labels,
    double Value,
    long Count = 0,
    IReadOnlyList<long>? BucketCounts = null);

/// <summary>A metric family at one instant: name, help, unit-derived name suffix, kind and its series.</summary>
/// <param name="Name">Prometheus name (already sanitised, with unit suffix and <c>_total</c> for counters).</param>
/// <param name="Help">Description of the instrument.</param>
/// <param name="Kind">Family kind.</param>
/// <param name="Bounds">Histogram upper bounds, ascending (empty for other kinds).</param>
/// <param name="Points">The series.</param>
public sealed record MetricFamily(string Name, string Help, MetricKind Kind, IReadOnlyList<double> Bounds, IReadOnlyList<MetricPoint> Points);
