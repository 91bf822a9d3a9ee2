using System.Diagnostics;
using System.Net;
using System.Threading.Channels;
using Codemason.Bench.Harness;
using Codemason.Controller.Hosting;
using Codemason.Grpc.Client;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Grpc.Net.Client;

namespace Codemason.Bench.Grpc;

/// <summary>
/// Our gRPC layer on loopback — unary round trips (1 and 16 callers, throughput and p50/p99) and
/// bidirectional streaming — next to the same exchanges as plain HTTP/2 through Kestrel + HttpClient.
/// </summary>
public sealed class GrpcBenchmark : IBenchmark
{
    private const int PayloadSize = 16;

    public string Name => "grpc";

    public string Description => "gRPC unary round trips (1 and 16 callers) and bidi streaming vs plain HTTP/2 through Kestrel + HttpClient";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        await using var server = await StartServerAsync();
        using var channel = GrpcChannelFactory.Create(server.Address);
        using var plain = new HttpMessageInvoker(new SocketsHttpHandler { EnableMultipleHttp2Connections = true, UseProxy = false });
        var unaryDuration = context.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(3);
        var streamMessages = context.Quick ? 2_000 : 300_000;
        var payload = new BytesValue { Value = ByteString.CopyFrom(new byte[PayloadSize]) };
        var samples = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        void Add(string name, double value)
        {
            if (!samples.TryGetValue(name, out var list))
            {
                samples[name] = list = [];
            }
            list.Add(value);
        }

        // Warm up both paths (JIT, connections) before measuring.
        await MeasureUnaryAsync(() => GrpcUnaryAsync(channel, payload, cancellationToken), 4, TimeSpan.FromMilliseconds(300), cancellationToken);
        await MeasureUnaryAsync(() => PlainUnaryAsync(plain, server.Address, cancellationToken), 4, TimeSpan.FromMilliseconds(300), cancellationToken);
        await GrpcDuplexAsync(channel, payload, 1_000, cancellationToken);
        await PlainDuplexAsync(plain, server.Address, 1_000, cancellationToken);

        for (var rep = 0; rep < context.Repetitions; rep++)
        {
            foreach (var callers in new[] { 1, 16 })
            {
                var ours = await MeasureUnaryAsync(() => GrpcUnaryAsync(channel, payload, cancellationToken), callers, unaryDuration, cancellationToken);
                var baseline = await MeasureUnaryAsync(() => PlainUnaryAsync(plain, server.Address, cancellationToken), callers, unaryDuration, cancellationToken);
                foreach (var (label, result) in new[] { ("grpc", ours), ("plain h2", baseline) })
                {
                    Add($"unary {callers} caller(s) ({label})", result.PerSecond);
                    Add($"unary {callers} caller(s) p50 ({label})", result.P50);
                    Add($"unary {callers} caller(s) p99 ({label})", result.P99);
                }
            }
            Add("bidi stream (grpc)", await GrpcDuplexAsync(channel, payload, streamMessages, cancellationToken));
            Add("bidi stream (plain h2)", await PlainDuplexAsync(plain, server.Address, streamMessages, cancellationToken));
        }

        var measurements = samples.Select(kv => new Measurement(
            kv.Key, kv.Key.Contains(" p", StringComparison.Ordinal) ? "ms" : kv.Key.StartsWith("bidi", StringComparison.Ordinal) ? "msg/s" : "calls/s",
            kv.Value, HigherIsBetter: !kv.Key.Contains(" p", StringComparison.Ordinal))).ToList();
        var comparisons = new List<Comparison>
        {
            new("unary 1 caller(s) (grpc)", "unary 1 caller(s) (plain h2)", "≥ 0.7 of plain HTTP/2", 0.7),
            new("unary 16 caller(s) (grpc)", "unary 16 caller(s) (plain h2)", "≥ 0.7 of plain HTTP/2", 0.7),
            new("unary 1 caller(s) p99 (grpc)", "unary 1 caller(s) p99 (plain h2)", "≤ 2.0"),
            new("unary 16 caller(s) p99 (grpc)", "unary 16 caller(s) p99 (plain h2)", "≤ 2.0"),
            new("bidi stream (grpc)", "bidi stream (plain h2)", "≥ 0.5 of plain HTTP/2", 0.5),
        };
        var notes = new List<string>
        {
            $"Loopback, h2c prior knowledge, {PayloadSize}-byte payloads; absolute targets: unary 16 callers ≥ 10,000 calls/s, bidi ≥ 100,000 msg/s.",
            "Plain HTTP/2 unary = one POST echoed by Kestrel; plain bidi = the same length-prefixed bytes streamed both ways without the gRPC layer.",
        };
        return new BenchReport(Name, measurements, comparisons, notes);
    }

    private readonly record struct UnaryResult(double PerSecond, double P50, double P99);

    private static async Task<UnaryResult> MeasureUnaryAsync(Func<Task> call, int callers, TimeSpan duration, CancellationToken cancellationToken)
    {
        var latencies = new List<double>[callers];
        var total = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, callers).Select(i => Task.Run(async () =>
        {
            var mine = latencies[i] = new List<double>(4096);
            while (total.Elapsed < duration)
            {
                var start = Stopwatch.GetTimestamp();
                await call();
                mine.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(workers);
        var elapsed = total.Elapsed.TotalSeconds;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return new UnaryResult(all.Length / elapsed, Percentile(all, 0.50), Percentile(all, 0.99));
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Min(sorted.Length - 1, (int)(p * sorted.Length))];

    private static async Task GrpcUnaryAsync(GrpcChannel channel, BytesValue payload, CancellationToken cancellationToken) =>
        await new Bench.BenchClient(channel).UnaryAsync(payload, cancellationToken: cancellationToken);

    private static async Task PlainUnaryAsync(HttpMessageInvoker client, Uri address, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, PlainHttp2Endpoints.UnaryPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ByteArrayContent(new byte[5 + PayloadSize + 2]),
        };
        using var response = await client.SendAsync(request, cancellationToken);
        await response.Content.ReadAsByteArrayAsync(cancellationToken);
    }

    private static async Task<double> GrpcDuplexAsync(GrpcChannel channel, BytesValue payload, int count, CancellationToken cancellationToken)
    {
        var watch = Stopwatch.StartNew();
        using var call = new Bench.BenchClient(channel).Duplex(cancellationToken: cancellationToken);
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(payload, cancellationToken);
            }
            await call.RequestStream.CompleteAsync();
        }, cancellationToken);
        var received = 0;
        while (await call.ResponseStream.MoveNext(cancellationToken))
        {
            received++;
        }
        await writer;
        if (received != count)
        {
            throw new InvalidOperationException($"received {received} of {count} messages");
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    private static async Task<double> PlainDuplexAsync(HttpMessageInvoker client, Uri address, int count, CancellationToken cancellationToken)
    {
        var frameSize = 5 + PayloadSize + 2;
        var watch = Stopwatch.StartNew();
        var frames = Channel.CreateBounded<byte[]>(64);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(address, PlainHttp2Endpoints.DuplexPath))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new ChannelContent(frames.Reader),
        };
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await frames.Writer.WriteAsync(new byte[frameSize], cancellationToken);
            }
            frames.Writer.Complete();
        }, cancellationToken);
        using var response = await client.SendAsync(request, cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        long total = 0;
        int read;
        while ((read = await body.ReadAsync(buffer, cancellationToken)) > 0)
        {
            total += read;
        }
        await writer;
        if (total != (long)count * frameSize)
        {
            throw new InvalidOperationException($"received {total} of {(long)count * frameSize} bytes");
        }
        return count / watch.Elapsed.TotalSeconds;
    }

    /// <summary>A streamed request body: writes what is queued, flushes when the queue is empty.</summary>
    private sealed class ChannelContent(ChannelReader<byte[]> frames) : HttpContent
    {
        protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
            SerializeToStreamAsync(stream, context, CancellationToken.None);

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
        {
            var buffered = new BufferedStream(stream, 16 * 1024);
            while (await frames.WaitToReadAsync(cancellationToken))
            {
                while (frames.TryRead(out var frame))
                {
                    await buffered.WriteAsync(frame, cancellationToken);
                }
                await buffered.FlushAsync(cancellationToken);
            }
            await buffered.FlushAsync(cancellationToken);
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }

    private static async Task<BenchServer> StartServerAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(k => k.ListenGrpc(new IPEndPoint(IPAddress.Loopback, 0)));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton<BenchService>();
        var app = builder.Build();
        app.MapGrpcService<BenchService>();
        PlainHttp2Endpoints.Map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new BenchServer(app, new Uri(address));
    }

    private sealed class BenchServer(WebApplication app, Uri address) : IAsyncDisposable
    {
        public Uri Address { get; } = address;

        public async ValueTask DisposeAsync()
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }
}
