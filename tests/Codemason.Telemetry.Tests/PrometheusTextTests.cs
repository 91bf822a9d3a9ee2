using Codemason.Telemetry.Metrics;

namespace Codemason.Telemetry.Tests;

public class PrometheusTextTests
{
    [Test]
    public void Writes_counters_gauges_and_cumulative_histogram_buckets()
    {
        var families = new[]
        {
            new MetricFamily("jobs_total", "Jobs done", MetricKind.Counter, [],
                [new MetricPoint([new("kind", "a\"b")], 3)]),
            new MetricFamily("queue", "Queue length\nnow", MetricKind.Gauge, [], [new MetricPoint([], 1.5)]),
            new MetricFamily("latency_seconds", "Latency", MetricKind.Histogram, [0.1, 1],
                [new MetricPoint([], 2.25, 3, [1, 1])]),
        };

        var text = PrometheusText.Write(families);

        Assert.That(text, Is.EqualTo(
            "# HELP jobs_total Jobs done\n" +
            "# TYPE jobs_total counter\n" +
            "jobs_total{kind=\"a\\\"b\"} 3\n" +
            "# HELP queue Queue length\\nnow\n" +
            "# TYPE queue gauge\n" +
            "queue 1.5\n" +
            "# HELP latency_seconds Latency\n" +
            "# TYPE latency_seconds histogram\n" +
            "latency_seconds_bucket{le=\"0.1\"} 1\n" +
            "latency_seconds_bucket{le=\"1\"} 2\n" +
            "latency_seconds_bucket{le=\"+Inf\"} 3\n" +
            "latency_seconds_sum 2.25\n" +
            "latency_seconds_count 3\n"));
    }

    [TestCase("codemason.agent.reconcile.duration", "s", MetricKind.Histogram, "codemason_agent_reconcile_duration_seconds")]
    [TestCase("codemason.controller.heartbeats", null, MetricKind.Counter, "codemason_controller_heartbeats_total")]
    [TestCase("9lives-x", "By", MetricKind.Gauge, "_lives_x_bytes")]
    public void Names_follow_prometheus_conventions(string instrument, string? unit, MetricKind kind, string expected) =>
        Assert.That(PrometheusText.MetricName(instrument, unit, kind), Is.EqualTo(expected));
}
