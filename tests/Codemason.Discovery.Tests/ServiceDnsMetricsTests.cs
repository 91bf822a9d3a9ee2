using System.Diagnostics.Metrics;
using DnsClient;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

[CancelAfter(10_000)]
public sealed class ServiceDnsMetricsTests
{
    [Test]
    public async Task Queries_CountedByNetworkAndOutcome(CancellationToken cancellationToken)
    {
        using var metrics = new ServiceDnsMetrics();
        var seen = new List<(long Value, string? Network, string? Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == ServiceDnsMetrics.MeterName && instrument.Name == "codemason.dns.queries")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            string? network = null, outcome = null;
            foreach (var tag in tags)
            {
                network = tag.Key == "network" ? (string?)tag.Value : network;
                outcome = tag.Key == "outcome" ? (string?)tag.Value : outcome;
            }
            lock (seen)
            {
                seen.Add((value, network, outcome));
            }
        });
        listener.Start();
        await using var server = ServiceDnsServer.Start(
            new ServiceDnsServerOptions { Endpoint = AnyLoopbackPort, Name = "shop_default" }, Table(("web", ["10.0.0.2"]), ("db", [])), metrics: metrics);
        var client = Client(server.LocalEndPoint);

        await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
        await client.QueryAsync("db", QueryType.A, cancellationToken: cancellationToken);

        lock (seen)
        {
            Assert.That(seen, Is.EquivalentTo(new[] { (1L, "shop_default", "answered"), (1L, "shop_default", "name_error") }));
        }
    }
}
