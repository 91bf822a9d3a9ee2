using System.Diagnostics;
using System.Globalization;
using Codemason.Bench.Harness;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Bench.Controller;

/// <summary>
/// SIMULATION: the real <c>codemason-controller</c> process over real gRPC on loopback, driven by
/// in-process simulated agents (no Docker, no containers). Each simulated agent is one
/// <c>AgentService/Connect</c> stream that joins with the join token, then presents its node
/// credential, acknowledges every assignment set, heartbeats at the period it is told and reports
/// its replicas RUNNING. Measures join + apply, restart-to-reconnected after SIGKILL, steady-state
/// CPU and RSS, and apply-to-all-acked latency, at N = 100 and N = 1,000 agents.
/// </summary>
public sealed class ControllerScaleBenchmark : IBenchmark
{
    private const string Environment = "scale";
    private const string MainApp = "fleet";
    private const string ProbeApp = "probe";
    private const int ServicesPerApp = 20;
    private static readonly TimeSpan HeartbeatPeriod = TimeSpan.FromSeconds(5);

    /// <summary>The controller's resync period here: a third of its 30 s default, so the steady window holds passes to time.</summary>
    private static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(10);

    public string Name => "controller-scale";

    public string Description =>
        "SIMULATION: real controller process vs N in-process simulated agents over loopback gRPC — reconnect after kill -9, steady CPU/RSS, apply-to-acked latency.";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var measurements = new List<Measurement>();
        var notes = new List<string>
        {
            "SIMULATION: the controller is the real codemason-controller process over real gRPC on 127.0.0.1; the agents are simulated in the bench process (one Connect stream each, one shared GrpcChannel with EnableMultipleHttp2Connections); no Docker, no containers.",
            $"Each run: N agents, app '{MainApp}' with {ServicesPerApp} services x N replicas (N x {ServicesPerApp} replicas; beyond 1,000 agents, services of 1,000 replicas), app '{ProbeApp}' of 100 replicas (10 when quick), heartbeat period {HeartbeatPeriod.TotalSeconds:0} s.",
            "Targets: restart (kill -9) until all agents reconnected with credentials and hold a COMPLETE set ≤ 10 s at 1,000 agents; steady controller CPU ≤ 10 % of one core and RSS ≤ 500 MB; apply-to-all-acked p99 ≤ 1 s for a 100-replica app.",
            "Restart time is measured from starting the new controller process (includes its startup) until the last agent acknowledged its COMPLETE set; agents retry every 100–300 ms.",
            $"The controller's reconcile loop resyncs every environment every {ResyncInterval.TotalSeconds:0} s here (default 30 s), so the steady CPU includes three times the resync work of a default controller; the no-op pass time is the mean of the passes in the steady window, read from its /metrics (codemason_controller_reconcile_duration_seconds sum and count). Target ≤ 200 ms at 20,000 replicas.",
        };
        // CODEMASON_SCALE_SIZES=1000 (comma-separated) runs only those sizes, for profiling one size.
        var sizes = System.Environment.GetEnvironmentVariable("CODEMASON_SCALE_SIZES") is { Length: > 0 } only
            ? only.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray()
            : context.Quick ? new[] { 10 } : new[] { 100, 250, 500, 1000, 5000 };
        var blocks = new List<(int N, List<Measurement> Figures)>();
        foreach (var n in sizes)
        {
            try
            {
                var before = measurements.Count;
                await RunSizeAsync(context, n, measurements, notes, cancellationToken);
                blocks.Add((n, measurements.Skip(before).ToList()));
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                notes.Add($"N = {n}: FAILED: {e.GetType().Name}: {e.Message}");
                if (LastOutput is { Length: > 0 } output)
                {
                    notes.Add($"N = {n}: controller output: {output}");
                }
            }
        }
        notes.AddRange(Curve(blocks));
        return new BenchReport(Name, measurements, [], notes);
    }

    /// <summary>How each figure grows with the number of agents: one line per figure, its median at every size that completed.</summary>
    private static IEnumerable<string> Curve(List<(int N, List<Measurement> Figures)> blocks)
    {
        if (blocks.Count < 2 || blocks.Any(b => b.Figures.Count != blocks[0].Figures.Count))
        {
            yield break;
        }
        var (first, last) = (blocks[0], blocks[^1]);
        for (var k = 0; k < first.Figures.Count; k++)
        {
            var figure = first.Figures[k];
            var label = figure.Name[(figure.Name.IndexOf(": ", StringComparison.Ordinal) + 2)..]
                .Replace((first.N * ServicesPerApp).ToString(CultureInfo.InvariantCulture), $"N×{ServicesPerApp}", StringComparison.Ordinal);
            var points = string.Join(", ", blocks.Select(b => string.Create(CultureInfo.InvariantCulture, $"{b.N}: {b.Figures[k].Median:0.###}")));
            var growth = last.Figures[k].Median / figure.Median;
            yield return string.Create(CultureInfo.InvariantCulture,
                $"curve, {label} ({figure.Unit}) by agents — {points}; ×{growth:0.0} for ×{(double)last.N / first.N:0.#} agents");
        }
    }

    private static async Task RunSizeAsync(BenchContext context, int n, List<Measurement> measurements, List<string> notes, CancellationToken cancellationToken)
    {
        var probeReplicas = context.Quick ? 10 : 100;
        var steady = context.Quick ? TimeSpan.FromSeconds(6) : TimeSpan.FromSeconds(20);
        var latencyRuns = context.Quick ? 2 : Math.Max(5, context.Repetitions * 5);
        var data = Directory.CreateTempSubdirectory("codemason-scale-");
        var port = FreePorts.Next();
        var metricsPort = FreePorts.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        ChildProcess? controller = null;
        using var agentsStop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var agents = new List<SimulatedAgent>();
        var runs = new List<Task>();
        try
        {
            controller = await StartControllerAsync(data.FullName, port, metricsPort, cancellationToken);
            var token = (await File.ReadAllTextAsync(Path.Combine(data.FullName, "admin-token"), cancellationToken)).Trim();
            using var channel = GrpcChannelFactory.Create(address, new ChannelSettings
            {
                EnableMultipleHttp2Connections = true,
                MaxReceiveMessageSize = 64 << 20,
            });
            var api = new Api(channel, token);
            var created = await api.CreateEnvironmentAsync(Environment, cancellationToken);

            // 1. Join N agents.
            var joinClock = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var agent = new SimulatedAgent(channel, created.JoinToken, $"sim-{i:D4}");
                agents.Add(agent);
                runs.Add(Task.Run(() => agent.RunAsync(agentsStop.Token), CancellationToken.None));
            }
            await WaitUntilAsync(() => agents.All(a => a.Sessions > 0 && a.HoldsComplete), TimeSpan.FromSeconds(120), "all agents joined", cancellationToken);
            var joinSeconds = joinClock.Elapsed.TotalSeconds;
            measurements.Add(new Measurement($"N={n}: join all agents (COMPLETE acked)", "s", [joinSeconds]));

            // Apply N x 20 replicas + the probe app; wait until every agent holds and acked them.
            var applyClock = Stopwatch.StartNew();
            await api.ApplyAsync(MainAppJson(n), cancellationToken);
            measurements.Add(new Measurement($"N={n}: Apply RPC of {n * ServicesPerApp} replicas", "s", [applyClock.Elapsed.TotalSeconds]));
            await api.ApplyAsync(ProbeAppJson(probeReplicas, "v0"), cancellationToken);
            var total = n * ServicesPerApp + probeReplicas;
            await WaitUntilAsync(() => agents.Sum(a => a.AckedReplicaCount) == total, TimeSpan.FromSeconds(300), $"{total} replicas acked", cancellationToken);
            measurements.Add(new Measurement($"N={n}: apply {n * ServicesPerApp} + {probeReplicas} replicas until all acked", "s", [applyClock.Elapsed.TotalSeconds]));
            var perNode = agents.Select(a => a.AckedReplicaCount).ToArray();
            notes.Add($"N = {n}: {total} replicas placed, {perNode.Min()}–{perNode.Max()} per node.");

            // 3. Steady state: heartbeats only.
            // Let the backlog (status batches of every replica) drain: up to 60 s until a 2 s window uses < 20 % of a core.
            var settle = Stopwatch.StartNew();
            double windowPercent;
            do
            {
                var c0 = controller.CpuTime();
                var w0 = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);
                windowPercent = (controller.CpuTime() - c0).TotalSeconds / w0.Elapsed.TotalSeconds * 100;
            }
            while (windowPercent >= 20 && settle.Elapsed < TimeSpan.FromSeconds(60));
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"N = {n}: waited {settle.Elapsed.TotalSeconds:0} s after all acked for the controller to go quiet (last 2 s window {windowPercent:0.0} % CPU) before the steady window."));
            var cpu0 = controller.CpuTime();
            var wall = Stopwatch.StartNew();
            var beats0 = agents.Sum(a => a.HeartbeatsSent);
            var passes0 = await ReconcileTotals.ReadAsync(metricsPort, cancellationToken);
            await Task.Delay(steady, cancellationToken);
            var cpuPercent = (controller.CpuTime() - cpu0).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
            var passes = (await ReconcileTotals.ReadAsync(metricsPort, cancellationToken)) - passes0;
            if (passes.Count > 0)
            {
                measurements.Add(new Measurement($"N={n}: resync pass over {total} replicas with nothing to change (mean)", "ms", [passes.MeanMilliseconds]));
                notes.Add(string.Create(CultureInfo.InvariantCulture,
                    $"N = {n}: {passes.Count} reconcile passes in the steady window, mean {passes.MeanMilliseconds:0} ms."));
            }
            else
            {
                notes.Add($"N = {n}: failed: no reconcile pass in the {steady.TotalSeconds:0} s steady window (resync every {ResyncInterval.TotalSeconds:0} s).");
            }
            var beats = agents.Sum(a => a.HeartbeatsSent) - beats0;
            measurements.Add(new Measurement($"N={n}: steady controller CPU (% of one core)", "%", [cpuPercent]));
            measurements.Add(new Measurement($"N={n}: steady controller RSS", "MB", [controller.RssMb()]));
            notes.Add($"N = {n}: {beats} heartbeats in {wall.Elapsed.TotalSeconds:0.0} s of steady state.");

            // 4. Apply-to-all-acked latency: change one env var of the 100-replica app.
            var latencies = new List<double>();
            for (var r = 1; r <= latencyRuns; r++)
            {
                var clock = Stopwatch.StartNew();
                var response = await api.ApplyAsync(ProbeAppJson(probeReplicas, $"v{r}"), cancellationToken);
                var target = response.App.Revision;
                await WaitUntilAsync(() => agents.Sum(a => a.AckedProbeAtOrAbove(target)) == probeReplicas, TimeSpan.FromSeconds(30), $"probe revision {target} acked", cancellationToken, pollMs: 2);
                latencies.Add(clock.Elapsed.TotalMilliseconds);
            }
            measurements.Add(new Measurement($"N={n}: apply {probeReplicas}-replica change until all acked", "ms", latencies));
            var sorted = latencies.Order().ToArray();
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"N = {n}: apply-to-acked over {sorted.Length} runs: p50 {Percentile(sorted, 0.50):0} ms, p99 {Percentile(sorted, 0.99):0} ms, max {sorted[^1]:0} ms."));

            // 2. Kill -9 and restart on the same data dir and port.
            var before = agents.Sum(a => a.Sessions);
            Posix.Kill(controller.Pid, Posix.SigKill);
            await WaitForExitAsync(controller.Pid, TimeSpan.FromSeconds(10));
            await controller.DisposeAsync();
            controller = null;
            await WaitUntilAsync(() => agents.All(a => !a.Connected), TimeSpan.FromSeconds(15), "agents saw the controller go", cancellationToken);
            foreach (var agent in agents)
            {
                agent.ResetComplete();
            }
            var restartClock = Stopwatch.StartNew();
            controller = await StartControllerAsync(data.FullName, port, metricsPort, cancellationToken);
            var listening = restartClock.Elapsed.TotalSeconds;
            await WaitUntilAsync(() => agents.All(a => a.HoldsComplete), TimeSpan.FromSeconds(120), "all agents reconnected with COMPLETE", cancellationToken);
            var restart = restartClock.Elapsed.TotalSeconds;
            measurements.Add(new Measurement($"N={n}: restart until all agents reconnected + COMPLETE acked", "s", [restart]));
            measurements.Add(new Measurement($"N={n}: restart until controller listening", "s", [listening]));
            var rejoins = agents.Sum(a => a.JoinTokenHellos) - n;
            var rejected = agents.Sum(a => a.Rejections);
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"N = {n}: restart {restart:0.00} s (listening after {listening:0.00} s); {agents.Sum(a => a.Sessions) - before} new sessions, {rejoins} re-joins with the token, {rejected} rejected Hellos, replicas held after restart {agents.Sum(a => a.AckedReplicaCount)}/{total}."));
        }
        finally
        {
            await agentsStop.CancelAsync();
            try
            {
                await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
            }
            catch (Exception)
            {
                // Agents end with cancellation or stream errors; nothing to keep.
            }
            if (controller is not null)
            {
                LastOutput = (HasExited(controller.Pid) ? "(the controller had exited) " : "") + string.Join(" | ", controller.Lines.Where(l =>
                    l.Contains("fail", StringComparison.OrdinalIgnoreCase) || l.Contains("warn", StringComparison.OrdinalIgnoreCase)
                    || l.Contains("exception", StringComparison.OrdinalIgnoreCase)).TakeLast(8));
                Posix.Kill(controller.Pid, Posix.SigKill);
                await controller.DisposeAsync();
            }
            try
            {
                data.Delete(recursive: true);
            }
            catch (IOException)
            {
            }
        }
    }

    private static string? LastOutput { get; set; }

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>
    /// N × 20 replicas in one app: 20 services of N replicas, or, beyond Mortar's 1,000 replicas per service, more
    /// services of 1,000 (5,000 agents: 100 services).
    /// </summary>
    private static string MainAppJson(int agents)
    {
        var total = agents * ServicesPerApp;
        var count = Math.Max(ServicesPerApp, (total + MaxScale - 1) / MaxScale);
        var services = Enumerable.Range(0, count).Select(s =>
            $$"""{ "name": "s{{s:D3}}", "image": "local/busybox:1", "scale": {{(total / count) + (s < total % count ? 1 : 0)}}, "environment": { "SERVICE": "s{{s:D3}}" } }""");
        return $$"""{ "name": "{{MainApp}}", "masonVersion": "v1", "services": [ {{string.Join(", ", services)}} ] }""";
    }

    /// <summary>Mortar's most replicas of one service.</summary>
    private const int MaxScale = 1000;

    private static string ProbeAppJson(int replicas, string version) =>
        $$"""{ "name": "{{ProbeApp}}", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1", "scale": {{replicas}}, "environment": { "VERSION": "{{version}}" } } ] }""";

    private static async Task<ChildProcess> StartControllerAsync(string data, int port, int metricsPort, CancellationToken cancellationToken)
    {
        var controller = ChildProcess.Start(RepoPaths.Program("controller", "codemason-controller"),
            ["--data", data, "--listen", $"http://127.0.0.1:{port}", "--metrics-listen", $"127.0.0.1:{metricsPort}",
             $"--Dispatcher:HeartbeatPeriod={HeartbeatPeriod:c}", $"--Reconcile:ResyncInterval={ResyncInterval:c}",
             // 100,000 replicas need more than the default /16 of overlay addresses in their environment.
             "--Network:EnvironmentPrefixLength=13"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        var deadline = Stopwatch.StartNew();
        while (!controller.Lines.Any(l => l.StartsWith("codemason-controller listening on ", StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30) || HasExited(controller.Pid))
            {
                var output = string.Join("\n", controller.Lines.TakeLast(20));
                Posix.Kill(controller.Pid, Posix.SigKill);
                await controller.DisposeAsync();
                throw new InvalidOperationException("the controller did not start:\n" + output);
            }
            await Task.Delay(10, cancellationToken);
        }
        return controller;
    }

    private static bool HasExited(int pid)
    {
        try
        {
            return Process.GetProcessById(pid).HasExited;
        }
        catch (ArgumentException)
        {
            return true;
        }
    }

    private static async Task WaitForExitAsync(int pid, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        while (!HasExited(pid) && clock.Elapsed < timeout)
        {
            await Task.Delay(10);
        }
    }

    private static async Task WaitUntilAsync(Func<bool> condition, TimeSpan timeout, string what, CancellationToken cancellationToken, int pollMs = 20)
    {
        var clock = Stopwatch.StartNew();
        while (!condition())
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"timed out after {timeout.TotalSeconds:0} s waiting for {what}");
            }
            await Task.Delay(pollMs, cancellationToken);
        }
    }

    /// <summary>The public API with the admin token.</summary>
    private sealed class Api(GrpcChannel channel, string token)
    {
        private static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(240);

        private readonly AppService.AppServiceClient _apps = new(channel);
        private readonly EnvironmentService.EnvironmentServiceClient _environments = new(channel);

        public async Task<ApplyResponse> ApplyAsync(string masonJson, CancellationToken cancellationToken) =>
            await _apps.ApplyAsync(new ApplyRequest { Environment = Environment, MasonJson = masonJson }, Options(cancellationToken));

        public async Task<CreateEnvironmentResponse> CreateEnvironmentAsync(string name, CancellationToken cancellationToken) =>
            await _environments.CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = name }, Options(cancellationToken));

        private CallOptions Options(CancellationToken cancellationToken) =>
            new(new Metadata { { "authorization", "Bearer " + token } }, DateTime.UtcNow + CallTimeout, cancellationToken);
    }
}
