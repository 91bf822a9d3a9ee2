using System.Globalization;
using Codemason.Bench.Harness;

namespace Codemason.Bench.Edge;

/// <summary>
/// Issue #21, "Measuring": the real <c>codemason-edge</c> process against Debian's haproxy and caddy, all on loopback in
/// one run, in front of the same three backends: requests/s and p50/p99 under a bounded load (32 connections), the
/// time from a changed <c>edge.json</c> to the change being served, and the edge's RSS idle with 100 routes and after
/// the load. A peer that is not installed or does not start is skipped with a note; the benchmark does not fail.
/// </summary>
public sealed class EdgeBenchmark : IBenchmark
{
    private const string Host = "bench.example.com";
    private const int BackendCount = 3;
    private const int Connections = 32;
    private const string Edge = "edge";
    private const string Haproxy = "haproxy";
    private const string Caddy = "caddy";

    public string Name => "edge";

    public string Description =>
        "codemason-edge vs haproxy and caddy on loopback (3 backends, 32 connections): requests/s, p50/p99; route change → served; edge RSS and idle CPU with 100 routes";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var warmUp = context.Quick ? TimeSpan.FromMilliseconds(200) : TimeSpan.FromSeconds(1);
        var window = context.Quick ? TimeSpan.FromMilliseconds(500) : TimeSpan.FromSeconds(5);
        var routes = context.Size(100, 10);
        var changes = context.Size(10);
        var inv = CultureInfo.InvariantCulture;
        var notes = new List<string>
        {
            string.Create(inv, $"Load average at start: {File.ReadAllText("/proc/loadavg").Trim()} ({Environment.ProcessorCount} cores, shared)."),
            string.Create(inv, $"{BackendCount} Kestrel backends in the bench process answer a 2-byte body; each proxy routes host {Host} round robin to them. "
                + $"Load: {Connections} keep-alive connections from the bench process, GET / back to back, {warmUp.TotalSeconds:0.#} s warm-up then "
                + $"{window.TotalSeconds:0.#} s measured, per proxy and repetition, proxies in rotating order; non-2xx and failed requests are errors."),
            "Every proxy writes one access-log line per request to a file (the edge always does; haproxy `log stdout` + `option httplog`, caddy `log { output stdout }`).",
        };
        var temp = Directory.CreateTempSubdirectory("codemason-bench-edge-");
        var proxies = new List<ProxyProcess>();
        Backends? backends = null;
        try
        {
            backends = await Backends.StartAsync(BackendCount, cancellationToken);
            var endpoints = backends.Endpoints;

            var (binary, how) = await EdgeBinary.FindAsync(cancellationToken);
            notes.Add($"codemason-edge: {how}, {binary}.");
            var edgeDir = temp.CreateSubdirectory("edge").FullName;
            var (httpPort, httpsPort, metricsPort) = (FreePorts.Next(), FreePorts.Next(), FreePorts.Next());
            void WriteEdgeConfig(string version, IEnumerable<string> extraHosts) =>
                EdgeConfigFile.Write(edgeDir, version, Host, routes, httpPort, httpsPort, endpoints, extraHosts);
            WriteEdgeConfig("bench-1", []);
            var edge = await ProxyProcess.StartAsync(Edge, binary,
                ["--config-dir", edgeDir, "--address", "127.0.0.1", "--http-port", $"{httpPort}", "--https-port", $"{httpsPort}",
                    "--metrics", $"127.0.0.1:{metricsPort}"],
                httpPort, Path.Combine(temp.FullName, "edge.log"), Host, null, cancellationToken);
            proxies.Add(edge);
            await Task.Delay(TimeSpan.FromSeconds(context.Quick ? 0.2 : 2), cancellationToken);
            var idleRss = edge.RssMb();
            // No request in this window: the edge's 1 s poll of edge.json and its timers only.
            var idleCpu = await Peers.ProcessStats.CpuPercentAsync(edge.Pid, context.Quick ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(10), cancellationToken);

            var skipped = new List<string>();
            foreach (var peer in new[] { Haproxy, Caddy })
            {
                try
                {
                    proxies.Add(await StartPeerAsync(peer, temp.FullName, endpoints, cancellationToken));
                }
                catch (Exception e) when (e is FileNotFoundException or InvalidOperationException or TimeoutException)
                {
                    skipped.Add(peer);
                    notes.Add($"{peer} skipped: {e.Message}");
                }
            }

            var series = new[] { Edge, Haproxy, Caddy }.ToDictionary(p => p, _ => new Series());
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                foreach (var proxy in proxies.Skip(rep % proxies.Count).Concat(proxies.Take(rep % proxies.Count)))
                {
                    var before = backends.Served;
                    var cpu = proxy.CpuTime();
                    var result = await LoadGenerator.RunAsync(proxy.Root, Host, Connections, warmUp, window, cancellationToken);
                    series[proxy.Name].Add(result, proxy.CpuTime() - cpu);
                    if (rep == 0)
                    {
                        var split = backends.Served.Zip(before, (after, was) => after - was);
                        notes.Add($"{proxy.Name}, first run: requests per backend {string.Join(" / ", split)}.");
                    }
                }
            }

            var measurements = new List<Measurement>();
            foreach (var (proxy, s) in series)
            {
                measurements.Add(new Measurement($"{proxy}: requests/s", "req/s", s.Rates, HigherIsBetter: true));
                measurements.Add(new Measurement($"{proxy}: p50", "ms", s.P50));
                measurements.Add(new Measurement($"{proxy}: p99", "ms", s.P99));
                measurements.Add(new Measurement($"{proxy}: errors per run", "requests", s.Errors));
                measurements.Add(new Measurement($"{proxy}: CPU per 1,000 requests", "ms", s.CpuPerThousand));
            }
            foreach (var proxy in proxies)
            {
                measurements.Add(new Measurement($"{proxy.Name}: RSS after the load", "MiB", [proxy.RssMb()]));
            }
            foreach (var peer in skipped)
            {
                measurements.Add(new Measurement($"{peer}: RSS after the load", "MiB", []));
            }
            measurements.Add(new Measurement($"edge: RSS idle, {routes} routes", "MiB", [idleRss]));
            measurements.Add(new Measurement($"edge: idle CPU, {routes} routes", "% of a core", [idleCpu]));

            var version = 1;
            var (reloads, notServed) = await ReloadProbe.MeasureAsync(edge.Root, changes,
                host => WriteEdgeConfig($"bench-{++version}", [host]), cancellationToken);
            measurements.Add(new Measurement("edge: edge.json change → served", "ms", reloads));
            notes.Add(string.Create(inv, $"Route changes: {changes}, each adds a new host to the {routes}-route table (written to a temp file, "
                + $"renamed over edge.json), timed until that host's first 200, polled every ~1 ms; {notServed} not served within 15 s."));

            var comparisons = new List<Comparison>();
            // Issue #21's target is ≥ 0.8× the best peer's performance, and haproxy is the best here by far: requests/s at
            // least 0.8× its own, p99 at most 1/0.8 = 1.25× its own; against caddy the ratios are informational.
            comparisons.Add(new Comparison("edge: requests/s", $"{Haproxy}: requests/s", "≥ 0.8", 0.8));
            comparisons.Add(new Comparison("edge: p99", $"{Haproxy}: p99", "≤ 1.25", 1.25));
            comparisons.Add(new Comparison("edge: requests/s", $"{Caddy}: requests/s", "informational (higher is better)"));
            comparisons.Add(new Comparison("edge: p99", $"{Caddy}: p99", "informational (lower is better)"));
            foreach (var peer in new[] { Haproxy, Caddy })
            {
                comparisons.Add(new Comparison("edge: CPU per 1,000 requests", $"{peer}: CPU per 1,000 requests", "informational (lower is better)"));
                comparisons.Add(new Comparison("edge: RSS after the load", $"{peer}: RSS after the load", "informational"));
            }
            return new BenchReport(Name, measurements, comparisons, notes);
        }
        finally
        {
            foreach (var proxy in proxies)
            {
                await proxy.DisposeAsync();
            }
            if (backends is not null)
            {
                await backends.DisposeAsync();
            }
            temp.Delete(recursive: true);
        }
    }

    private static async Task<ProxyProcess> StartPeerAsync(string peer, string temp, IReadOnlyList<string> backends,
        CancellationToken cancellationToken)
    {
        var program = FindProgram(peer)
            ?? throw new FileNotFoundException($"{peer} is not installed (scripts/ensure-bench-peers.sh installs Debian's package)");
        var dir = Directory.CreateDirectory(Path.Combine(temp, peer)).FullName;
        var port = FreePorts.Next();
        var log = Path.Combine(temp, $"{peer}.log");
        if (peer == Haproxy)
        {
            var config = Path.Combine(dir, "haproxy.cfg");
            await File.WriteAllTextAsync(config, PeerConfigs.Haproxy(Host, port, backends), cancellationToken);
            return await ProxyProcess.StartAsync(peer, program, ["-f", config, "-db"], port, log, Host, null, cancellationToken);
        }
        var caddyfile = Path.Combine(dir, "Caddyfile");
        await File.WriteAllTextAsync(caddyfile, PeerConfigs.Caddyfile(Host, port, backends), cancellationToken);
        // Caddy keeps state under HOME / XDG folders: the run's temp folder, not the user's.
        var environment = new Dictionary<string, string> { ["HOME"] = dir, ["XDG_DATA_HOME"] = dir, ["XDG_CONFIG_HOME"] = dir };
        return await ProxyProcess.StartAsync(peer, program, ["run", "--config", caddyfile, "--adapter", "caddyfile"], port, log, Host,
            environment, cancellationToken);
    }

    private static string? FindProgram(string name) =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(["/usr/sbin", "/usr/bin"])
            .Select(dir => Path.Combine(dir, name))
            .FirstOrDefault(File.Exists);
}
