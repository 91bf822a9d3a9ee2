using System.Diagnostics;
using System.Net;

namespace Codemason.Bench.Edge;

/// <summary>
/// The time from writing a changed <c>edge.json</c> to the change being served: each change adds a host no earlier
/// table had, and a poll of that host (every millisecond) waits for its first 200.
/// </summary>
internal static class ReloadProbe
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(15);

    /// <summary>
    /// Makes <paramref name="changes"/> changes through <paramref name="write"/> (given the new host) and returns the
    /// time each took to be served, in ms; a change not served within 15 s is left out and counted in the result.
    /// </summary>
    public static async Task<(List<double> Milliseconds, int NotServed)> MeasureAsync(Uri root, int changes, Action<string> write,
        CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var times = new List<double>();
        var notServed = 0;
        for (var change = 1; change <= changes; change++)
        {
            var host = $"reload-{change}.example.com";
            // Let the previous change settle; the pause steps through a second (300–1,290 ms) so the changes do not
            // fall in step with the edge's 1 s poll and sample every phase of it.
            await Task.Delay(300 + change * 370 % 1000, cancellationToken);
            var clock = Stopwatch.StartNew();
            write(host);
            var served = await ServedAsync(client, root, host, cancellationToken);
            while (!served && clock.Elapsed < GiveUpAfter)
            {
                await Task.Delay(1, cancellationToken);
                served = await ServedAsync(client, root, host, cancellationToken);
            }
            if (served)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
            }
            else
            {
                notServed++;
            }
        }
        return (times, notServed);
    }

    private static async Task<bool> ServedAsync(HttpClient client, Uri root, string host, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, root);
        request.Headers.Host = host;
        using var response = await client.SendAsync(request, cancellationToken);
        return response.StatusCode == HttpStatusCode.OK;
    }
}
