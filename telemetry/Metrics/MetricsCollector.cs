using System.Diagnostics.Metrics;

namespace Codemason.Telemetry.Metrics;

/// <summary>
/// Listens to every instrument of the <c>Codemason.*</c> meters and keeps its current values, so
/// <c>/metrics</c> can be served from the same instruments the OTLP exporter reads. Counters and
/// up-down counters are summed, histograms bucketed, observable instruments read at collection.
/// </summary>
public sealed class MetricsCollector : IDisposable
{
    /// <summary>Histogram bounds used when an instrument gives no advice (seconds-friendly).</summary>
    public static readonly IReadOnlyList<double> DefaultBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    private readonly string _meterPrefix;
    private readonly MeterListener _listener;
    private readonly Lock _gate = new();
    private readonly SemaphoreSlim _collecting = new(1, 1);
    private readonly Dictionary<Instrument, Family> _families = [];

    /// <summary>Starts listening to meters whose name starts with <paramref name="meterPrefix"/>.</summary>
    public MetricsCollector(string meterPrefix = "Codemason")
    {
        _meterPrefix = meterPrefix;
        _listener = new MeterListener
        {
            InstrumentPublished = OnPublished,
            MeasurementsCompleted = (instrument, _) =>
            {
                lock (_gate)
                {
                    _families.Remove(instrument);
                }
            },
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<int>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    /// <summary>Reads the observable instruments and returns every family, sorted by name.</summary>
    public IReadOnlyList<MetricFamily> Collect()
    {
        _collecting.Wait();
        try
        {
            lock (_gate)
            {
                foreach (var family in _families.Values.Where(f => f.Observable))
                {
                    family.Series.Clear();
                }
            }
            _listener.RecordObservableInstruments();
            lock (_gate)
            {
                return [.. _families.Values.Select(f => f.Snapshot()).OrderBy(f => f.Name, StringComparer.Ordinal)];
            }
        }
        finally
        {
            _collecting.Release();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _listener.Dispose();
        _collecting.Dispose();
    }

    private void OnPublished(Instrument instrument, MeterListener listener)
    {
        if (!instrument.Meter.Name.StartsWith(_meterPrefix, StringComparison.Ordinal))
        {
            return;
        }
        var definition = instrument.GetType().IsGenericType ? instrument.GetType().GetGenericTypeDefinition() : instrument.GetType();
        var kind = definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>) ? MetricKind.Counter
            : definition == typeof(Histogram<>) ? MetricKind.Histogram
            : MetricKind.Gauge;
        var bounds = kind != MetricKind.Histogram ? []
            : (instrument as Histogram<double>)?.Advice?.HistogramBucketBoundaries?.ToArray() ?? DefaultBounds;
        var name = PrometheusText.MetricName(instrument.Name, instrument.Unit, kind);
        lock (_gate)
        {
            _families[instrument] = new Family(name, instrument.Description ?? instrument.Name, kind, bounds, instrument.IsObservable);
        }
        listener.EnableMeasurementEvents(instrument);
    }

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            labels[i] = new(tags[i].Key, Convert.ToString(tags[i].Value, System.Globalization.CultureInfo.InvariantCulture) ?? "");
        }
        Array.Sort(labels, (a, b) => string.CompareOrdinal(a.Key, b.Key));
        lock (_gate)
        {
            if (_families.TryGetValue(instrument, out var family))
            {
                family.Record(labels, value);
            }
        }
    }

    private sealed class Family(string name, string help, MetricKind kind, IReadOnlyList<double> bounds, bool observable)
    {
        public bool Observable { get; } = observable;

        public Dictionary<string, Series> Series { get; } = new(StringComparer.Ordinal);

        public void Record(KeyValuePair<string, string>[] labels, double value)
        {
            var key = string.Join('\u0001', labels.Select(l => l.Key + "=" + l.Value));
            if (!Series.TryGetValue(key, out var series))
            {
                series = new Series(labels, kind == MetricKind.Histogram ? new long[bounds.Count] : null);
                Series[key] = series;
            }
            if (kind == MetricKind.Histogram)
            {
                series.Value += value;
                series.Count++;
                for (var i = 0; i < bounds.Count; i++)
                {
                    if (value <= bounds[i])
                    {
                        series.Buckets![i]++;
                        break;
                    }
                }
            }
            else if (Observable)
            {
                series.Value = value;
            }
            else
            {
                series.Value += value;
            }
        }

        public MetricFamily Snapshot() => new(name, help, kind, bounds,
            [.. Series.Values.Select(s => new MetricPoint(s.Labels, s.Value, s.Count, s.Buckets?.ToArray()))]);
    }

    private sealed class Series(KeyValuePair<string, string>[] labels, long[]? buckets)
    {
        public KeyValuePair<string, string>[] Labels { get; } = labels;

        public long[]? Buckets { get; } = buckets;

        public double Value { get; set; }

        public long Count { get; set; }
    }
}
