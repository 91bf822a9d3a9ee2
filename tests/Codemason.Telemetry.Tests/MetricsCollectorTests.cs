using System.Diagnostics.Metrics;
using Codemason.Telemetry.Metrics;

namespace Codemason.Telemetry.Tests;

public class MetricsCollectorTests
{
    [Test]
    public void Sums_counters_buckets_histograms_and_reads_gauges_at_collection()
    {
        var prefix = "CodemasonTest" + Guid.NewGuid().ToString("N");
        using var collector = new MetricsCollector(prefix);
        using var meter = new Meter(prefix + ".Unit");
        var counter = meter.CreateCounter<long>("test.jobs", null, "Jobs");
        var histogram = meter.CreateHistogram<double>("test.latency", "s", "Latency");
        var queue = 4;
        meter.CreateObservableGauge("test.queue", () => queue, null, "Queue");

        counter.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        counter.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        histogram.Record(0.003);
        histogram.Record(0.2);
        histogram.Record(100);
        queue = 7;

        var families = collector.Collect().ToDictionary(f => f.Name);

        var jobs = families["test_jobs_total"];
        Assert.That(jobs.Kind, Is.EqualTo(MetricKind.Counter));
        Assert.That(jobs.Points.ToDictionary(p => p.Labels.Single().Value, p => p.Value), Is.EquivalentTo(new Dictionary<string, double> { ["a"] = 5, ["b"] = 1 }));
        var latency = families["test_latency_seconds"].Points.Single();
        Assert.That(latency.Count, Is.EqualTo(3));
        Assert.That(latency.Value, Is.EqualTo(100.203).Within(1e-9));
        Assert.That(latency.BucketCounts!.Sum(), Is.EqualTo(2), "100 s is above every bound and only counts in +Inf");
        Assert.That(families["test_queue"].Points.Single().Value, Is.EqualTo(7));
    }

    [Test]
    public void Ignores_meters_of_other_libraries()
    {
        var prefix = "CodemasonTest" + Guid.NewGuid().ToString("N");
        using var collector = new MetricsCollector(prefix);
        using var other = new Meter("Someone.Else" + Guid.NewGuid().ToString("N"));
        other.CreateCounter<long>("their.counter").Add(1);

        Assert.That(collector.Collect(), Is.Empty);
    }
}
