using System.Collections.Concurrent;
using System.Diagnostics;

namespace Codemason.Bench.Peers;

/// <summary>
/// An open-loop HTTP load for the rolling-update comparison: request number <c>i</c> is sent at <c>i / rate</c> seconds
/// whether or not earlier ones have answered (users keep arriving during a deploy), until stopped. Counts what answered
/// 2xx and what did not (connection error, timeout, any other status), and the first word of each answered body, so a
/// run shows which version served. The same idea as the tests' <c>SteadyLoad</c>, which the bench cannot reference.
/// </summary>
internal sealed class OpenLoopLoad : IAsyncDisposable
{
    private readonly HttpClient _client;
    private readonly Func<long, HttpRequestMessage> _request;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _inFlight = [];
    private readonly ConcurrentDictionary<string, int> _served = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, int> _failures = new(StringComparer.Ordinal);
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly Lock _window = new();
    private readonly Task _loop;
    private TimeSpan _firstFailure = TimeSpan.MaxValue;
    private TimeSpan _lastFailure;
    private int _answered;
    private int _failed;

    private OpenLoopLoad(HttpClient client, Func<long, HttpRequestMessage> request, int perSecond)
    {
        _client = client;
        _request = request;
        _loop = RunAsync(TimeSpan.FromSeconds(1.0 / perSecond));
    }

    /// <summary>Starts sending <paramref name="perSecond"/> requests a second; <paramref name="request"/> makes request number i.</summary>
    public static OpenLoopLoad Start(HttpClient client, Func<long, HttpRequestMessage> request, int perSecond)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(perSecond, 1);
        return new OpenLoopLoad(client, request, perSecond);
    }

    /// <summary>Requests answered with a 2xx status.</summary>
    public int Answered => Volatile.Read(ref _answered);

    /// <summary>Requests that got no 2xx answer.</summary>
    public int Failed => Volatile.Read(ref _failed);

    /// <summary>
    /// "1694 answered (v1: 548, v2: 1146), 3 failed (3 × HttpRequestException: Connection refused), sent 4.1–4.9 s
    /// after the load began".
    /// </summary>
    public string Summary()
    {
        var served = string.Join(", ", _served.OrderBy(v => v.Key, StringComparer.Ordinal).Select(v => $"{v.Key}: {v.Value}"));
        if (Failed == 0)
        {
            return $"{Answered} answered ({served}), 0 failed";
        }
        var failures = string.Join("; ", _failures.OrderByDescending(f => f.Value).Take(4).Select(f => $"{f.Value} × {f.Key}"));
        lock (_window)
        {
            return $"{Answered} answered ({served}), {Failed} failed ({failures}), sent {_firstFailure.TotalSeconds:0.0}–{_lastFailure.TotalSeconds:0.0} s after the load began";
        }
    }

    /// <summary>Stops sending and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _loop;
        await Task.WhenAll(_inFlight);
    }

    private async Task RunAsync(TimeSpan period)
    {
        long sent = 0;
        while (!_stop.IsCancellationRequested)
        {
            // Catch up after a late wake-up rather than drift: the rate is per second of wall time.
            for (var due = (long)(_clock.Elapsed / period) + 1; sent < due; sent++)
            {
                _inFlight.Add(SendAsync(sent));
            }
            try
            {
                await Task.Delay(period, _stop.Token);
            }
            catch (OperationCanceledException)
            {
                break;
            }
        }
    }

    private async Task SendAsync(long index)
    {
        var sent = _clock.Elapsed;
        try
        {
            using var request = _request(index);
            using var response = await _client.SendAsync(request, CancellationToken.None);
            var body = await response.Content.ReadAsStringAsync(CancellationToken.None);
            if (!response.IsSuccessStatusCode)
            {
                Fail($"{(int)response.StatusCode}", sent);
                return;
            }
            Interlocked.Increment(ref _answered);
            _served.AddOrUpdate(body.Trim().Split(' ', 2)[0], 1, (_, n) => n + 1);
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException or IOException)
        {
            // "An error occurred while sending the request" says nothing; the inner exception says what (a reset, a closed connection).
            Fail($"{e.GetType().Name}: {(e.InnerException ?? e).Message}", sent);
        }
    }

    private void Fail(string what, TimeSpan sent)
    {
        Interlocked.Increment(ref _failed);
        _failures.AddOrUpdate(what, 1, (_, n) => n + 1);
        lock (_window)
        {
            _firstFailure = sent < _firstFailure ? sent : _firstFailure;
            _lastFailure = sent > _lastFailure ? sent : _lastFailure;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stop.IsCancellationRequested)
        {
            await StopAsync();
        }
        _stop.Dispose();
    }
}
