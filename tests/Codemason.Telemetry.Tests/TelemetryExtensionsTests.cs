using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Hosting;

namespace Codemason.Telemetry.Tests;

/// <summary>
/// The telemetry as the controller and the agent register it: a real host, its <c>/metrics</c> and <c>/healthz</c>
/// read over HTTP the way Prometheus asks for them.
/// </summary>
[NonParallelizable]
[CancelAfter(30000)]
public partial class TelemetryExtensionsTests
{
    // What Debian's Prometheus 2.42 sends when it scrapes: OpenMetrics first, the 0.0.4 text format as a fallback.
    private const string PrometheusAccept =
        "application/openmetrics-text;version=1.0.0,application/openmetrics-text;version=0.0.1;q=0.75,text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    // OpenMetrics writes bucket bounds in canonical form (60.0); the 0.0.4 text format writes 60.
    [TestCase(Server.Kestrel, PrometheusAccept, "application/openmetrics-text", "60.0")]
    [TestCase(Server.Kestrel, null, "text/plain", "60")]
    [TestCase(Server.HttpListener, PrometheusAccept, "application/openmetrics-text", "60.0")]
    [TestCase(Server.HttpListener, null, "text/plain", "60")]
    public async Task Metrics_InstrumentsOfTheProduct_ServedUnderTheDocumentedPrometheusNames(Server server, string? accept, string contentType, string sixty,
        CancellationToken ct)
    {
        using var meter = new Meter("Codemason.Test");
        using var other = new Meter("Someone.Else");
        var queue = 4;
        await using var telemetry = await TelemetryHost.StartAsync(server, ct);
        var jobs = meter.CreateCounter<long>("codemason.test.jobs", null, "Jobs done");
        var latency = meter.CreateHistogram<double>("codemason.test.latency", "s", "Latency");
        meter.CreateObservableGauge("codemason.test.queue", () => queue, null, "Queue length");
        other.CreateCounter<long>("their.counter").Add(1);
        jobs.Add(2, new KeyValuePair<string, object?>("kind", "a"));
        jobs.Add(3, new KeyValuePair<string, object?>("kind", "a"));
        jobs.Add(1, new KeyValuePair<string, object?>("kind", "b"));
        latency.Record(0.003);
        latency.Record(0.2);
        latency.Record(100);
        queue = 7;

        using var request = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        if (accept is not null)
        {
            request.Headers.TryAddWithoutValidation("Accept", accept);
        }
        using var response = await telemetry.Http.SendAsync(request, ct);
        var text = await response.Content.ReadAsStringAsync(ct);
        await TestContext.Out.WriteLineAsync(text);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Content.Headers.ContentType?.MediaType, Is.EqualTo(contentType));
        var samples = Samples(text);
        Assert.That(samples.Value("codemason_test_jobs_total", "kind", "a"), Is.EqualTo(5));
        Assert.That(samples.Value("codemason_test_jobs_total", "kind", "b"), Is.EqualTo(1));
        Assert.That(samples.Value("codemason_test_queue"), Is.EqualTo(7));
        Assert.That(samples.Value("codemason_test_latency_seconds_count"), Is.EqualTo(3));
        Assert.That(samples.Value("codemason_test_latency_seconds_sum"), Is.EqualTo(100.203).Within(1e-9));
        Assert.That(samples.Value("codemason_test_latency_seconds_bucket", "le", "0.005"), Is.EqualTo(1), "second-valued histograms get second-sized buckets");
        Assert.That(samples.Value("codemason_test_latency_seconds_bucket", "le", sixty), Is.EqualTo(2));
        Assert.That(samples.Value("codemason_test_latency_seconds_bucket", "le", "+Inf"), Is.EqualTo(3), "100 s is above every bound and only counts in +Inf");
        Assert.That(text, Does.Not.Contain("their_counter"), "meters of other libraries are not exported");
    }

    [TestCase(Server.Kestrel)]
    [TestCase(Server.HttpListener)]
    public async Task Healthz_ProbeAnswers_200WhenHealthyAnd503WithTheReason(Server server, CancellationToken ct)
    {
        var healthy = true;
        await using var telemetry = await TelemetryHost.StartAsync(server, ct, _ => Task.FromResult(healthy ? (true, "ok") : (false, "the engine does not answer")));

        using var ok = await telemetry.Http.GetAsync("/healthz", ct);
        Assert.That(ok.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await ok.Content.ReadAsStringAsync(ct), Is.EqualTo("ok\n"));

        healthy = false;
        using var unhealthy = await telemetry.Http.GetAsync("/healthz", ct);
        Assert.That(unhealthy.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
        Assert.That(await unhealthy.Content.ReadAsStringAsync(ct), Is.EqualTo("the engine does not answer\n"));
    }

    [Test]
    public async Task Spans_WithoutAnOtlpEndpoint_StillCreatedSoTraceIdsPropagate(CancellationToken ct)
    {
        Assume.That(System.Environment.GetEnvironmentVariable(TelemetryExtensions.OtlpEndpointVariable), Is.Null.Or.Empty);
        using var source = new ActivitySource("Codemason.Test");
        var parent = ActivityContext.Parse("00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01", null);
        await using var telemetry = await TelemetryHost.StartAsync(Server.HttpListener, ct);

        using var span = source.StartActivity("apply", ActivityKind.Server, parent);

        Assert.That(span, Is.Not.Null, "the SDK listens to the Codemason.* sources even when nothing exports");
        Assert.That(span!.TraceId.ToHexString(), Is.EqualTo("0af7651916cd43dd8448eb211c80319c"));
        using var child = source.StartActivity("schedule");
        Assert.That(child?.ParentSpanId, Is.EqualTo(span.SpanId), "a local child span exists too");
    }

    /// <summary>Which registration serves the endpoints: the controller's or the agent's.</summary>
    public enum Server
    {
        Kestrel,
        HttpListener,
    }

    private static SampleSet Samples(string text)
    {
        var samples = new List<(string Name, Dictionary<string, string> Labels, double Value)>();
        foreach (var line in text.Split('\n'))
        {
            var match = SampleLine().Match(line);
            if (!match.Success)
            {
                continue;
            }
            var labels = LabelPair().Matches(match.Groups["labels"].Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value);
            var value = match.Groups["value"].Value switch
            {
                "+Inf" => double.PositiveInfinity,
                var v => double.Parse(v, CultureInfo.InvariantCulture),
            };
            samples.Add((match.Groups["name"].Value, labels, value));
        }
        return new SampleSet(samples);
    }

    [GeneratedRegex("""^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})? (?<value>\S+)""")]
    private static partial Regex SampleLine();

    [GeneratedRegex("""([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)""")]
    private static partial Regex LabelPair();

    private sealed class SampleSet(List<(string Name, Dictionary<string, string> Labels, double Value)> samples)
    {
        /// <summary>The value of the one sample of <paramref name="name"/> that has the label given (any other labels allowed).</summary>
        public double Value(string name, string? label = null, string? value = null)
        {
            var matching = samples.Where(s => s.Name == name && (label is null || (s.Labels.TryGetValue(label, out var v) && v == value))).ToList();
            Assert.That(matching, Has.Count.EqualTo(1), $"one sample {name}{{{label}=\"{value}\"}}");
            return matching[0].Value;
        }
    }

    private sealed class TelemetryHost : IAsyncDisposable
    {
        private readonly IHost _host;

        private TelemetryHost(IHost host, HttpClient http)
        {
            _host = host;
            Http = http;
        }

        public HttpClient Http { get; }

        public static async Task<TelemetryHost> StartAsync(Server server, CancellationToken ct, Http.HealthProbe? health = null)
        {
            var port = FreePort();
            var builder = Host.CreateApplicationBuilder();
            _ = server == Server.Kestrel
                ? builder.Services.AddCodemasonTelemetry("codemason-test", $"127.0.0.1:{port}", health is null ? null : _ => health)
                : builder.Services.AddCodemasonTelemetryOnHttpListener("codemason-test", $"127.0.0.1:{port}", health is null ? null : _ => health);
            var host = builder.Build();
            await host.StartAsync(ct);
            return new TelemetryHost(host, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") });
        }

        public async ValueTask DisposeAsync()
        {
            Http.Dispose();
            await _host.StopAsync(CancellationToken.None);
            _host.Dispose();
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}
