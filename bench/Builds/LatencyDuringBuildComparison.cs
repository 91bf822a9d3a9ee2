using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Issue #20, figure 3: the p99 latency of an app running on the node (busybox httpd, the page app of
/// <see cref="PushComparison"/>) while the node is idle, against while the node builds another app whose RUN steps are
/// CPU-heavy (more busy processes than the machine has cores; the agent caps a build at half the node's CPUs by
/// default). N GETs one after another on each side, idle first, then once the build's first RUN step started.
/// </summary>
internal sealed class LatencyDuringBuildComparison(BenchContext context, CodemasonCluster cluster, string work, int port, Figures figures, List<string> notes)
{
    public const string App = "heavy";
    public const string Idle = "app p99 latency, node idle";
    public const string Busy = "app p99 latency, node building";
    private const string IdleMedian = "app p50 latency, node idle";
    private const string BusyMedian = "app p50 latency, node building";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(5);

    private int Requests => context.Quick ? 100 : 500;

    /// <summary>Busy processes per RUN step: twice the cores, so an uncapped build would take all of them.</summary>
    private static int Processes => Environment.ProcessorCount * 2;

    /// <summary>Loop steps per process and RUN step: long enough that the requests end before the build does.</summary>
    private int Iterations => context.Quick ? 100_000 : 500_000;

    public static IEnumerable<Comparison> Comparisons() =>
    [
        new(Busy, Idle, "≤ 1.5", 1.5),
        new(BusyMedian, IdleMedian, "—"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        figures.Series(Idle, "ms");
        figures.Series(Busy, "ms");
        using var page = new PageProbe(port, BuildApps.PagePath);
        var repository = await AppRepository.CreateAsync(cluster, work, App, cancellationToken);
        var cpuStep = BuildApps.CpuWork(Processes, Iterations);
        string[] commands = [cpuStep, cpuStep, .. BuildApps.PageCommands];
        await repository.WriteAsync("mason.json", BuildApps.MasonJson(App, context.TestImage, commands, "sleep 3600", port: null), cancellationToken);
        var overran = 0;
        string? limits = null;
        for (var rep = 0; rep < context.Repetitions; rep++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
            var idle = await page.LatenciesAsync(Requests, cancellationToken);
            figures.Add(Idle, "ms", PageProbe.P99(idle));
            figures.Add(IdleMedian, "ms", new Measurement(IdleMedian, "ms", idle).Median);

            // A new VERSION each time, so `COPY . /app` and every RUN after it run again.
            await repository.WriteAsync("VERSION", $"heavy {rep + 1}", cancellationToken);
            await repository.CommitAsync($"heavy {rep + 1}", cancellationToken);
            await using var push = repository.StartPush();
            await WaitForLineAsync(push, "Step 4/", cancellationToken);
            var busy = await page.LatenciesAsync(Requests, cancellationToken);
            if (push.Lines.Any(l => l.Contains("built in ", StringComparison.Ordinal)))
            {
                overran++;
            }
            figures.Add(Busy, "ms", PageProbe.P99(busy));
            figures.Add(BusyMedian, "ms", new Measurement(BusyMedian, "ms", busy).Median);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            limit.CancelAfter(Limit);
            await push.WaitForExitAsync(limit.Token);
            if (push.ExitCode != 0)
            {
                throw new InvalidOperationException($"git push of {App} exited with {push.ExitCode}: {string.Join(" | ", push.Lines.TakeLast(12))}");
            }
            limits ??= push.Lines.FirstOrDefault(l => l.Contains("limits: ", StringComparison.Ordinal))?.Replace("remote: ", "", StringComparison.Ordinal).Trim();
        }
        await cluster.DestroyAsync(App, cancellationToken);
        notes.Add($"latency during a build: {Requests} GETs one after another (a new connection each) of the page app's published loopback port per sample, " +
            $"idle first, then from the start of the first of two RUN steps of {Processes} busy shell loops ({Iterations:N0} steps each) of another app's push; " +
            $"the agent's build {limits ?? "limits: (not in the output)"}. Samples whose build ended before the requests did: {overran} of {context.Repetitions}.");
    }

    private static async Task WaitForLineAsync(ChildProcess push, string text, CancellationToken cancellationToken)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        while (!push.Lines.Any(l => l.Contains(text, StringComparison.Ordinal)))
        {
            if (push.HasExited)
            {
                throw new InvalidOperationException($"git push of {App} ended before its build printed \"{text}\": {string.Join(" | ", push.Lines.TakeLast(12))}");
            }
            await Task.Delay(20, limit.Token);
        }
    }
}
