using Codemason.Bench.Harness;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Issue #20, figure 2: a warm rebuild against a cold build. Cold: the first push of a new app, whose name (in
/// mason.json, so in the context <c>COPY . /app</c> copies) makes every step after <c>WORKDIR</c> miss the node's layer
/// cache, with a RUN of real CPU work. Warm: right after, a commit with the same tree (<c>git commit --allow-empty</c>),
/// so every step is cached. Both figures are the build's own time (the controller's "built in" line: context upload,
/// the engine's build, tagging); the push's wall time is reported too.
/// </summary>
internal sealed class RebuildComparison(BenchContext context, CodemasonCluster cluster, string work, Figures figures, List<string> notes)
{
    public const string Cold = "cold build (new app, nothing cached): build time";
    public const string Warm = "warm rebuild (same tree, every layer cached): build time";
    private const string ColdPush = "cold: git push wall time (first push: build, deploy, rollout)";
    private const string WarmPush = "warm: git push wall time (build, deploy, rollout)";

    /// <summary>Shell loop steps of the cold build's RUN: about 2 s on one core of the machine the figures come from.</summary>
    private int Iterations => context.Quick ? 200_000 : 1_200_000;

    public static IEnumerable<Comparison> Comparisons() =>
    [
        new(Warm, Cold, "≤ 0.3", 0.3),
        new(WarmPush, ColdPush, "—"),
    ];

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        figures.Series(Cold, "s");
        figures.Series(Warm, "s");
        var cached = 0;
        for (var rep = 0; rep < context.Repetitions; rep++)
        {
            var repository = await AppRepository.CreateAsync(cluster, work, $"cold{rep + 1}", cancellationToken);
            string[] commands = [BuildApps.CpuWork(1, Iterations), .. BuildApps.PageCommands];
            await repository.WriteAsync("mason.json", BuildApps.MasonJson(repository.App, context.TestImage, commands, "sleep 3600", port: null), cancellationToken);
            await repository.WriteAsync("VERSION", "cold", cancellationToken);
            await repository.CommitAsync("cold", cancellationToken);
            var cold = await repository.PushAsync(cancellationToken);
            await repository.CommitAsync("the same tree again", cancellationToken, allowEmpty: true);
            var warm = await repository.PushAsync(cancellationToken);
            figures.Add(ColdPush, "s", cold.Elapsed.TotalSeconds);
            figures.Add(WarmPush, "s", warm.Elapsed.TotalSeconds);
            if (AppRepository.BuildSeconds(cold.Output.Split('\n')) is { } coldSeconds && AppRepository.BuildSeconds(warm.Output.Split('\n')) is { } warmSeconds)
            {
                figures.Add(Cold, "s", coldSeconds);
                figures.Add(Warm, "s", warmSeconds);
            }
            // Every step of the warm build should say so; a step that ran again shows "Running in".
            if (!warm.Output.Contains("Running in", StringComparison.Ordinal))
            {
                cached++;
            }
            await cluster.DestroyAsync(repository.App, cancellationToken);
        }
        notes.Add($"warm vs cold: a new app per repetition (its name in mason.json changes what `COPY . /app` copies, so nothing after WORKDIR is cached), " +
            $"whose RUN is a busybox shell loop of {Iterations:N0} steps, then an empty commit of the same tree pushed; build times are the controller's " +
            $"\"built in\" line (0.1 s resolution). Warm rebuilds with every step from the cache: {cached} of {context.Repetitions}.");
    }
}
