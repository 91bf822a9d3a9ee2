using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Codemason.Bench.Harness;
using Codemason.Discovery;

namespace Codemason.Bench.Discovery;

/// <summary>
/// The service DNS server (issue #18) on loopback over UDP: a service name answered from its table against a name it
/// forwards to an upstream (a second server on loopback, so the figure is the forwarding cost, not the Internet's).
/// </summary>
public sealed class ServiceDnsBenchmark : IBenchmark
{
    private const int Concurrency = 8;

    public string Name => "service-dns";

    public string Description => "service DNS server: table answers vs forwarded queries, UDP on loopback, 1 and 8 clients";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var queries = context.Size(20_000, 200);
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        var service = new KeyValuePair<string, IReadOnlyList<IPAddress>>("web",
            [.. Enumerable.Range(2, 3).Select(i => IPAddress.Parse($"10.0.0.{i}"))]);
        var external = new KeyValuePair<string, IReadOnlyList<IPAddress>>("example.org", [IPAddress.Parse("192.0.2.10")]);
        await using var upstream = ServiceDnsServer.Start(new ServiceDnsServerOptions { Endpoint = loopback }, new NameTable([external]));
        await using var server = ServiceDnsServer.Start(
            new ServiceDnsServerOptions { Endpoint = loopback, Upstreams = [upstream.LocalEndPoint], AllowedSources = [IPNetwork.Parse("127.0.0.0/8")] },
            new NameTable([service]));

        // Warm-up: JIT, sockets.
        await RunClientsAsync(server.LocalEndPoint, "web", queries / 10, 1, cancellationToken);
        await RunClientsAsync(server.LocalEndPoint, "example.org", queries / 10, 1, cancellationToken);

        var series = new Dictionary<string, (List<double> Rate, List<double> P50, List<double> P99)>();
        for (var r = 0; r < context.Repetitions; r++)
        {
            foreach (var (label, name) in new[] { ("table", "web"), ("forwarded", "example.org") })
            {
                foreach (var clients in new[] { 1, Concurrency })
                {
                    var run = await RunClientsAsync(server.LocalEndPoint, name, queries, clients, cancellationToken);
                    var key = $"{label}, {clients} client{(clients == 1 ? "" : "s")}";
                    if (!series.TryGetValue(key, out var s))
                    {
                        series[key] = s = ([], [], []);
                    }
                    s.Rate.Add(run.Rate);
                    s.P50.Add(run.P50);
                    s.P99.Add(run.P99);
                }
            }
        }

        var measurements = new List<Measurement>();
        foreach (var (key, s) in series)
        {
            measurements.Add(new Measurement($"{key}: queries/s", "queries/s", s.Rate, HigherIsBetter: true));
            measurements.Add(new Measurement($"{key}: p50", "ms", s.P50));
            measurements.Add(new Measurement($"{key}: p99", "ms", s.P99));
        }
        return new BenchReport(Name, measurements,
            [
                new Comparison("table, 1 client: queries/s", "forwarded, 1 client: queries/s", "informational (a forward is two exchanges)"),
                new Comparison($"table, {Concurrency} clients: queries/s", $"forwarded, {Concurrency} clients: queries/s", "informational"),
            ],
            [
                string.Create(CultureInfo.InvariantCulture, $"{queries} A queries per sample and client count, each client one UDP socket sending its next query when the answer arrives"),
                string.Create(CultureInfo.InvariantCulture, $"counts: table {server.GetCount(DnsQueryOutcome.Answered)}, forwarded {server.GetCount(DnsQueryOutcome.Forwarded)}, failed {server.GetCount(DnsQueryOutcome.UpstreamFailed)}"),
            ]);
    }

    private static async Task<(double Rate, double P50, double P99)> RunClientsAsync(IPEndPoint server, string name, int queries,
        int clients, CancellationToken cancellationToken)
    {
        var latencies = new double[queries];
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, clients).Select(c => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            await socket.ConnectAsync(server, cancellationToken);
            var query = new byte[512];
            var response = new byte[2048];
            int index;
            while ((index = Interlocked.Increment(ref next)) < queries)
            {
                var length = DnsMessageWriter.WriteQuery((ushort)index, name, DnsRecordType.A, query);
                var started = Stopwatch.GetTimestamp();
                await socket.SendAsync(query.AsMemory(0, length), SocketFlags.None, cancellationToken);
                using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                timeout.CancelAfter(TimeSpan.FromSeconds(5));
                await socket.ReceiveAsync(response, SocketFlags.None, timeout.Token);
                latencies[index] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            }
        }, cancellationToken)));
        var rate = queries / watch.Elapsed.TotalSeconds;
        Array.Sort(latencies);
        return (rate, latencies[queries / 2], latencies[Math.Min(queries - 1, (int)(queries * 0.99))]);
    }
}
