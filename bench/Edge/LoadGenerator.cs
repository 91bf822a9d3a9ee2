using System.Diagnostics;

namespace Codemason.Bench.Edge;

/// <summary>
/// A bounded closed-loop load: a fixed number of workers, each with its own keep-alive connection, sending
/// <c>GET /</c> with a given Host header back to back for a warm-up, then for a measured window. Requests are counted
/// by the time they complete; the ones still in flight when the window closes are not counted.
/// </summary>
internal static class LoadGenerator
{
    private const int WarmingUp = 0;
    private const int Measuring = 1;
    private const int Stopped = 2;

    public static async Task<LoadResult> RunAsync(Uri target, string host, int connections, TimeSpan warmUp, TimeSpan duration,
        CancellationToken cancellationToken)
    {
        using var handler = new SocketsHttpHandler
        {
            UseProxy = false,
            AllowAutoRedirect = false,
            MaxConnectionsPerServer = connections,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(1),
        };
        using var client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(10) };
        var phase = WarmingUp;
        var workers = Enumerable.Range(0, connections)
            .Select(_ => Task.Run(() => WorkAsync(client, target, host, () => Volatile.Read(ref phase), cancellationToken), cancellationToken))
            .ToArray();
        await Task.Delay(warmUp, cancellationToken);
        Volatile.Write(ref phase, Measuring);
        var window = Stopwatch.StartNew();
        await Task.Delay(duration, cancellationToken);
        Volatile.Write(ref phase, Stopped);
        var seconds = window.Elapsed.TotalSeconds;
        var results = await Task.WhenAll(workers);
        var latencies = results.SelectMany(r => r.Latencies).Order().ToArray();
        var errors = results.Sum(r => r.Errors);
        var completed = results.Sum(r => r.Completed);
        return latencies.Length == 0
            ? new LoadResult(0, double.NaN, double.NaN, errors, completed)
            : new LoadResult(latencies.Length / seconds, Percentile(latencies, 0.50), Percentile(latencies, 0.99), errors, completed);
    }

    private static async Task<(List<double> Latencies, long Errors, long Completed)> WorkAsync(HttpClient client, Uri target, string host,
        Func<int> phase, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(capacity: 1 << 16);
        long errors = 0;
        long completed = 0;
        while (phase() != Stopped)
        {
            var started = Stopwatch.GetTimestamp();
            bool ok;
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, target);
                request.Headers.Host = host;
                using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
                ok = response.IsSuccessStatusCode;
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // A failed request is an error of the proxy under test, not of the benchmark.
                ok = false;
            }
            var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
            completed += ok ? 1 : 0;
            switch (phase())
            {
                case Measuring when ok:
                    latencies.Add(elapsed);
                    break;
                case Measuring:
                    errors++;
                    break;
            }
        }
        return (latencies, errors, completed);
    }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];
}
