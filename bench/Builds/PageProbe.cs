using System.Diagnostics;
using System.Net.Sockets;

namespace Codemason.Bench.Builds;

/// <summary>HTTP requests to an app's published loopback port: waiting for a page's content, and request latencies.</summary>
internal sealed class PageProbe : IDisposable
{
    private static readonly TimeSpan PollEvery = TimeSpan.FromMilliseconds(20);

    // A new connection per request (busybox httpd closes every connection after its answer anyway).
    private readonly HttpClient _http = new(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.Zero })
    {
        Timeout = TimeSpan.FromSeconds(2),
    };

    private readonly Uri _page;

    public PageProbe(int port, string path) => _page = new Uri($"http://127.0.0.1:{port}/{path}");

    /// <summary>
    /// Polls the page every 20 ms until its text (trimmed) is <paramref name="expected"/> and returns
    /// <paramref name="since"/>'s elapsed time at that moment.
    /// </summary>
    public async Task<TimeSpan> WaitForAsync(string expected, Stopwatch since, TimeSpan limit, CancellationToken cancellationToken)
    {
        var last = "nothing yet";
        while (since.Elapsed < limit)
        {
            try
            {
                var text = (await _http.GetStringAsync(_page, cancellationToken)).Trim();
                if (text == expected)
                {
                    return since.Elapsed;
                }
                last = $"\"{text}\"";
            }
            catch (Exception e) when (e is HttpRequestException or SocketException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                last = e.Message;
            }
            await Task.Delay(PollEvery, cancellationToken);
        }
        throw new TimeoutException($"{_page} did not answer \"{expected}\" within {limit.TotalSeconds:0} s; last: {last}");
    }

    /// <summary>The latency of <paramref name="count"/> GETs of the page, one after another, in milliseconds.</summary>
    public async Task<List<double>> LatenciesAsync(int count, CancellationToken cancellationToken)
    {
        var latencies = new List<double>(count);
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            using var response = await _http.GetAsync(_page, cancellationToken);
            _ = await response.EnsureSuccessStatusCode().Content.ReadAsByteArrayAsync(cancellationToken);
            latencies.Add(Stopwatch.GetElapsedTime(start).TotalMilliseconds);
        }
        return latencies;
    }

    /// <summary>The 99th percentile (nearest rank) of <paramref name="samples"/>.</summary>
    public static double P99(IReadOnlyCollection<double> samples)
    {
        var sorted = samples.Order().ToArray();
        return sorted[Math.Max(0, (int)Math.Ceiling(0.99 * sorted.Length) - 1)];
    }

    public void Dispose() => _http.Dispose();
}
