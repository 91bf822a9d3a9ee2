using System.Diagnostics;
using System.Net;
using Codemason.Bench.Harness;

namespace Codemason.Bench.Edge;

/// <summary>
/// One proxy under test as a child process. Its output (the access log) goes to a file in the run's temp folder
/// rather than through a pipe the bench process would have to read while it also generates the load.
/// </summary>
internal sealed class ProxyProcess : IAsyncDisposable
{
    private readonly ChildProcess _child;

    private ProxyProcess(string name, ChildProcess child, int httpPort, string logFile)
    {
        Name = name;
        _child = child;
        HttpPort = httpPort;
        LogFile = logFile;
    }

    /// <summary>"edge", "haproxy" or "caddy".</summary>
    public string Name { get; }

    public int HttpPort { get; }

    public string LogFile { get; }

    public int Pid => _child.Pid;

    public Uri Root => new($"http://127.0.0.1:{HttpPort}/");

    /// <summary>
    /// Starts <paramref name="program"/> with stdout and stderr appended to <paramref name="logFile"/> (the shell
    /// execs the program, so the pid is the proxy's own) and waits until it answers 200 for <paramref name="host"/>.
    /// </summary>
    public static async Task<ProxyProcess> StartAsync(string name, string program, IReadOnlyList<string> arguments, int httpPort,
        string logFile, string host, IReadOnlyDictionary<string, string>? environment, CancellationToken cancellationToken)
    {
        var child = ChildProcess.Start("/bin/sh", ["-c", "exec \"$0\" \"$@\" >>\"$CODEMASON_BENCH_LOG\" 2>&1", program, .. arguments],
            new Dictionary<string, string>(environment ?? new Dictionary<string, string>()) { ["CODEMASON_BENCH_LOG"] = logFile });
        var proxy = new ProxyProcess(name, child, httpPort, logFile);
        try
        {
            await proxy.WaitUntilServingAsync(host, TimeSpan.FromSeconds(30), cancellationToken);
            return proxy;
        }
        catch
        {
            await proxy.DisposeAsync();
            throw;
        }
    }

    /// <summary>Resident memory in MiB (VmRSS).</summary>
    public double RssMb() => _child.RssMb();

    /// <summary>CPU time used so far (user + system).</summary>
    public TimeSpan CpuTime() => _child.CpuTime();

    /// <summary>The last lines of its output, for a note when it failed.</summary>
    public string Tail(int lines = 5) =>
        File.Exists(LogFile) ? string.Join(" | ", File.ReadLines(LogFile).TakeLast(lines)) : "(no output)";

    private async Task WaitUntilServingAsync(string host, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var client = new HttpClient(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            if (_child.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited at start: {Tail()}");
            }
            try
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, Root);
                request.Headers.Host = host;
                using var response = await client.SendAsync(request, cancellationToken);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return;
                }
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
            {
                // Not listening yet.
            }
            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} did not serve {host} within {timeout.TotalSeconds:0} s: {Tail()}");
            }
            await Task.Delay(50, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => _child.DisposeAsync();
}
