using System.Diagnostics;
using System.Globalization;
using Codemason.Bench.Controller;
using Codemason.Bench.Harness;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Bench.Abuse;

/// <summary>
/// The real <c>codemason-controller</c> process on loopback with three simulated agents: the latency of applies while
/// nobody else calls, then while a flooder sends 200 Hellos per second with forged join tokens, in the same run.
/// Forged Hellos are refused by a read and logged at a bounded rate (docs/security.md, "Limits"), so they must not
/// slow applies, which need the store's single writer: target p99 under abuse ≤ 1.5 × p99 without.
/// </summary>
public sealed class ForgedHelloBenchmark : IBenchmark
{
    private const string Environment = "abuse";
    private const int HellosPerSecond = 200;

    /// <summary>Hellos are sent in ticks of this many (every 50 ms), each on its own stream.</summary>
    private const int HellosPerTick = HellosPerSecond / 20;

    public string Name => "forged-hellos";

    public string Description =>
        "Apply latency (p50, p99) of the real controller process, without abuse vs while 200 Hellos/s with forged join tokens arrive on loopback.";

    public bool NeedsEngine => false;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var applies = context.Quick ? 10 : Math.Max(100, 40 * context.Repetitions);
        // Long enough for several refusal-log intervals (10 s) and a p99 of a few thousand applies.
        var phaseLength = context.Quick ? TimeSpan.Zero : TimeSpan.FromSeconds(6 * context.Repetitions);
        var notes = new List<string>
        {
            $"Real controller process, {HellosPerSecond} forged Hellos/s from the bench process ({HellosPerTick} every 50 ms, each its own stream, "
            + "spread over several HTTP/2 connections); 3 simulated agents hold the app's replicas; every apply changes one "
            + $"environment variable of a 10-replica app, so each is a new revision placed and dispatched. "
            + $"Each phase: at least {applies} applies and {phaseLength.TotalSeconds:0} s, after a warm-up phase.",
        };
        var data = Directory.CreateTempSubdirectory("codemason-abuse-");
        var port = FreePorts.Next();
        var address = new Uri($"http://127.0.0.1:{port}");
        ChildProcess? controller = null;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var runs = new List<Task>();
        try
        {
            controller = await StartControllerAsync(data.FullName, port, cancellationToken);
            var token = (await File.ReadAllTextAsync(Path.Combine(data.FullName, "admin-token"), cancellationToken)).Trim();
            using var channel = GrpcChannelFactory.Create(address, new ChannelSettings { EnableMultipleHttp2Connections = true });
            var headers = new Metadata { { "authorization", "Bearer " + token } };
            var apps = new AppService.AppServiceClient(channel);
            var created = await new EnvironmentService.EnvironmentServiceClient(channel)
                .CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = Environment }, headers, cancellationToken: cancellationToken);
            var agents = Enumerable.Range(1, 3).Select(i => new SimulatedAgent(channel, created.JoinToken, $"abuse-{i}")).ToList();
            runs.AddRange(agents.Select(a => Task.Run(() => a.RunAsync(stop.Token), CancellationToken.None)));
            var joined = Stopwatch.StartNew();
            while (!agents.All(a => a.HoldsComplete) && joined.Elapsed < TimeSpan.FromSeconds(60))
            {
                await Task.Delay(20, cancellationToken);
            }

            var version = 0;
            async Task<double[]> PhaseAsync(TimeSpan atLeast)
            {
                var latencies = new List<double>();
                var phase = Stopwatch.StartNew();
                while (latencies.Count < applies || phase.Elapsed < atLeast)
                {
                    var clock = Stopwatch.StartNew();
                    await apps.ApplyAsync(new ApplyRequest { Environment = Environment, MasonJson = App(++version) }, headers, cancellationToken: cancellationToken);
                    latencies.Add(clock.Elapsed.TotalMilliseconds);
                }
                return [.. latencies];
            }

            await PhaseAsync(TimeSpan.Zero); // warm-up: JIT, statement cache, first placement
            var quiet = await PhaseAsync(phaseLength);
            var linesBefore = controller.Lines.Count;
            using var flood = new Flood(address, created.JoinToken);
            flood.Start(stop.Token);
            var floodClock = Stopwatch.StartNew();
            var abused = await PhaseAsync(phaseLength);
            var floodSeconds = floodClock.Elapsed.TotalSeconds;
            await flood.StopAsync();
            var lines = controller.Lines.Count - linesBefore;

            Array.Sort(quiet);
            Array.Sort(abused);
            var measurements = new List<Measurement>
            {
                new("applies measured per phase (no abuse)", "applies", [quiet.Length], HigherIsBetter: true),
                new($"applies measured per phase ({HellosPerSecond} forged Hellos/s)", "applies", [abused.Length], HigherIsBetter: true),
                new("apply p50 (no abuse)", "ms", [Percentile(quiet, 0.50)]),
                new($"apply p50 ({HellosPerSecond} forged Hellos/s)", "ms", [Percentile(abused, 0.50)]),
                new("apply p99 (no abuse)", "ms", [Percentile(quiet, 0.99)]),
                new($"apply p99 ({HellosPerSecond} forged Hellos/s)", "ms", [Percentile(abused, 0.99)]),
                new("forged Hellos refused per second", "1/s", [flood.Refused / floodSeconds], HigherIsBetter: true),
            };
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"During the abused phase ({floodSeconds:0.0} s): {flood.Sent} forged Hellos sent, {flood.Refused} refused with UNAUTHENTICATED, "
                + $"{flood.Other} ended otherwise{(flood.Other > 0 ? $" ({flood.Endings})" : "")}; the controller (log level Warning) wrote {lines} log lines."));
            return new BenchReport(Name, measurements,
                [new Comparison($"apply p99 ({HellosPerSecond} forged Hellos/s)", "apply p99 (no abuse)", "≤ 1.5", 1.5)], notes);
        }
        finally
        {
            await stop.CancelAsync();
            try
            {
                await Task.WhenAll(runs).WaitAsync(TimeSpan.FromSeconds(15), CancellationToken.None);
            }
            catch (Exception e) when (e is OperationCanceledException or RpcException or TimeoutException or IOException)
            {
                // The agents stop with the bench.
            }
            if (controller is not null)
            {
                Posix.Kill(controller.Pid, Posix.SigKill);
                await controller.DisposeAsync();
            }
            data.Delete(recursive: true);
        }
    }

    private static string App(int version) => $$"""
        {
            "name": "paced",
            "masonVersion": "v1",
            "services": [ { "name": "w", "image": "busybox:1.36", "command": ["sleep", "3600"], "scale": 10, "environment": { "VERSION": "{{version}}" } } ]
        }
        """;

    private static double Percentile(double[] sorted, double p) =>
        sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Length) - 1, 0, sorted.Length - 1)];

    private static async Task<ChildProcess> StartControllerAsync(string data, int port, CancellationToken cancellationToken)
    {
        var controller = ChildProcess.Start(RepoPaths.Program("controller", "codemason-controller"),
            ["--data", data, "--listen", $"http://127.0.0.1:{port}"],
            new Dictionary<string, string> { ["Logging__LogLevel__Default"] = "Warning" });
        var deadline = Stopwatch.StartNew();
        while (!controller.Lines.Any(l => l.StartsWith("codemason-controller listening on ", StringComparison.Ordinal)))
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(30))
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

    /// <summary>
    /// Sends <see cref="HellosPerSecond"/> Hellos a second with join tokens that look real (the environment's token id
    /// with another secret, unknown ids, garbage) until stopped, each on a stream of its own over a few connections.
    /// </summary>
    private sealed class Flood(Uri address, string realToken) : IDisposable
    {
        // A few connections, as an attacker would use: Kestrel resets a connection whose streams are reset faster
        // than they complete (ENHANCE_YOUR_CALM).
        private readonly GrpcChannel[] _channels = [.. Enumerable.Range(0, 4).Select(_ => GrpcChannelFactory.Create(address))];
        private readonly CancellationTokenSource _stop = new();
        private readonly List<Task> _calls = [];
        private Task _running = Task.CompletedTask;
        private readonly System.Collections.Concurrent.ConcurrentDictionary<string, int> _endings = new(StringComparer.Ordinal);
        private int _sent;
        private int _refused;
        private int _other;

        public int Sent => _sent;

        public int Refused => Volatile.Read(ref _refused);

        public int Other => Volatile.Read(ref _other);

        /// <summary>How the Hellos that were not refused ended, most frequent first.</summary>
        public string Endings => string.Join("; ", _endings.OrderByDescending(e => e.Value).Take(3).Select(e => $"{e.Value} × {e.Key}"));

        public void Start(CancellationToken cancellationToken) => _running = RunAsync(cancellationToken);

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stop.Token);
            using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(50));
            try
            {
                while (await timer.WaitForNextTickAsync(linked.Token))
                {
                    for (var i = 0; i < HellosPerTick; i++)
                    {
                        var n = _sent++;
                        _calls.Add(HelloAsync(_channels[n % _channels.Length], Forgery(n), linked.Token));
                    }
                }
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            await _running;
            await Task.WhenAll(_calls).WaitAsync(TimeSpan.FromSeconds(30));
        }

        private string Forgery(int n) => (n % 3) switch
        {
            0 => string.Concat(realToken.AsSpan(0, realToken.LastIndexOf('_') + 1), $"forged-{n}"),
            1 => string.Create(CultureInfo.InvariantCulture, $"cmj_{n:x16}_forged"),
            _ => $"garbage-{n}",
        };

        private async Task HelloAsync(GrpcChannel channel, string joinToken, CancellationToken cancellationToken)
        {
            try
            {
                using var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: cancellationToken);
                await call.RequestStream.WriteAsync(new AgentMessage { Hello = new Hello { JoinToken = joinToken, Hostname = "mallory" } }, cancellationToken);
                await call.ResponseStream.MoveNext(cancellationToken);
                Interlocked.Increment(ref _other);
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.Unauthenticated)
            {
                Interlocked.Increment(ref _refused);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or IOException)
            {
                Interlocked.Increment(ref _other);
                var why = e is RpcException rpc ? $"{rpc.StatusCode}: {rpc.Status.Detail}" : e.GetType().Name;
                _endings.AddOrUpdate(why.Length > 160 ? why[..160] : why, 1, (_, n) => n + 1);
            }
        }

        public void Dispose()
        {
            foreach (var channel in _channels)
            {
                channel.Dispose();
            }
            _stop.Dispose();
        }
    }
}
