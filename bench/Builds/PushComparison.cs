using System.Diagnostics;
using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Issue #20, figure 1: <c>git push</c> of a new commit of a small app (busybox httpd serving a page its build command
/// writes, FROM the test image) until the app answers the new page, against <see cref="ByHandDeploy"/> of the same
/// change on the same engine (build, push to a loopback registry, pull, run). Both are timed by a probe that polls the page from the start; the sides take turns.
/// The first push and the first build by hand (the app's creation, the base image's first use) are not measured.
/// </summary>
internal sealed class PushComparison(BenchContext context, CodemasonCluster cluster, string work, Figures figures, List<string> notes)
{
    public const string App = "page";
    public const string Pushed = "git push → new page answering";
    public const string ByHand = "by hand: docker build + push + pull + docker run → new page answering";
    private const string PushWall = "git push wall time (build, apply, rollout followed)";
    private const string PushBuild = "git push: the build's own time (\"built in\")";
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);

    /// <summary>The port the pushed app answers on, once <see cref="RunAsync"/> deployed it (the latency figure uses it).</summary>
    public int Port { get; } = FreePorts.Next();

    public static IEnumerable<Comparison> Comparisons() =>
    [
        new(Pushed, ByHand, "≤ 1.2", 1.2),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        figures.Series(Pushed, "s");
        figures.Series(ByHand, "s");
        var repository = await AppRepository.CreateAsync(cluster, work, App, cancellationToken);
        await using var registry = await ByHandRegistry.StartAsync(context, cancellationToken);
        var byHand = new ByHandDeploy(context, Path.Combine(work, "byhand"), cluster.Environment, FreePorts.Next(), registry);
        using var pushedPage = new PageProbe(Port, BuildApps.PagePath);
        using var byHandPage = new PageProbe(byHand.Port, BuildApps.PagePath);
        var registryPushes = 0;
        try
        {
            await repository.WriteAsync("mason.json", BuildApps.MasonJson(App, context.TestImage, BuildApps.PageCommands, BuildApps.HttpdCommand, Port), cancellationToken);
            await PushVersionAsync(repository, pushedPage, "warm-up", cancellationToken);
            await ByHandVersionAsync(byHand, byHandPage, "warm-up", cancellationToken);
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                // Sides take turns starting, so neither always runs right after the other's build.
                foreach (var pushFirst in rep % 2 == 0 ? new[] { true, false } : [false, true])
                {
                    if (pushFirst)
                    {
                        var (answering, push) = await PushVersionAsync(repository, pushedPage, $"push {rep + 1}", cancellationToken);
                        figures.Add(Pushed, "s", answering.TotalSeconds);
                        figures.Add(PushWall, "s", push.Elapsed.TotalSeconds);
                        registryPushes += push.Output.Contains("remote: pushed ", StringComparison.Ordinal) ? 1 : 0;
                        if (AppRepository.BuildSeconds(push.Output.Split('\n')) is { } built)
                        {
                            figures.Add(PushBuild, "s", built);
                        }
                    }
                    else
                    {
                        figures.Add(ByHand, "s", (await ByHandVersionAsync(byHand, byHandPage, $"by hand {rep + 1}", cancellationToken)).TotalSeconds);
                    }
                }
            }
        }
        finally
        {
            await byHand.RemoveAsync(CancellationToken.None);
        }
        notes.Add($"push → running: app {App} (one service, generated Dockerfile FROM {context.TestImage}, `COPY . /app`, one RUN writing the page, " +
            "busybox httpd), a new VERSION committed and pushed each time; timed from the start of `git push` until the published port answers the new page " +
            "(polled every 20 ms). The baseline builds the same Dockerfile with `docker build` (classic builder, the agent's default limits), " +
            $"`docker push` to a plain {ByHandRegistry.Image} container on loopback (no TLS, no auth), `docker pull` of that reference (the layers are " +
            "already on the engine), then `docker rm -f` + `docker run -d` on the same engine. " +
            $"Codemason's builds pushed to the environment's registry (a `pushed` line) in {registryPushes} of {context.Repetitions} measured pushes.");
    }

    private static async Task<(TimeSpan Answering, CommandResult Push)> PushVersionAsync(AppRepository repository, PageProbe page, string version, CancellationToken cancellationToken)
    {
        await repository.WriteAsync("VERSION", version, cancellationToken);
        await repository.CommitAsync(version, cancellationToken);
        var watch = Stopwatch.StartNew();
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answering = page.WaitForAsync($"built {version}", watch, Limit, probe.Token);
        try
        {
            var push = await repository.PushAsync(cancellationToken);
            return (await answering, push);
        }
        catch (Exception) when (!answering.IsCompleted)
        {
            await probe.CancelAsync();
            throw;
        }
    }

    private static async Task<TimeSpan> ByHandVersionAsync(ByHandDeploy byHand, PageProbe page, string version, CancellationToken cancellationToken)
    {
        await byHand.WriteAsync(version, cancellationToken);
        var watch = Stopwatch.StartNew();
        using var probe = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var answering = page.WaitForAsync($"built {version}", watch, Limit, probe.Token);
        try
        {
            await byHand.BuildAndRunAsync(version.Replace(' ', '-'), cancellationToken);
            return await answering;
        }
        catch (Exception) when (!answering.IsCompleted)
        {
            await probe.CancelAsync();
            throw;
        }
    }
}
