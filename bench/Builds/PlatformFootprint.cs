using Codemason.Bench.Harness;
using Codemason.Bench.Peers;
using Codemason.Docker;
using Codemason.Docker.Containers;

namespace Codemason.Bench.Builds;

/// <summary>
/// Issue #21's "the whole platform on one node, idle" (target ≤ 250 MB together): once a push has placed the
/// environment's registry, the resident memory and CPU of the controller, the agent, the environment's edge container
/// and its registry container over an idle window, and their sum. Containers are found by the labels the agent gives
/// them (<c>codemason.edge</c>, <c>codemason.registry</c> = the environment) and measured by their main process.
/// </summary>
internal sealed class PlatformFootprint(BenchContext context, CodemasonCluster cluster, IDockerClient docker, Figures figures, List<string> notes)
{
    public const string Prefix = "platform idle on one node";

    private TimeSpan Window => context.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);

    private const string App = "site";

    /// <summary>Measures, then destroys the routed app (the benchmark removes the edge once the cluster is gone).</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await MeasureAsync(cancellationToken);
        }
        finally
        {
            try
            {
                await cluster.DestroyAsync(App, CancellationToken.None);
            }
            catch (InvalidOperationException)
            {
                // The harness's sweep removes the app's containers by the run's label.
            }
        }
    }

    private async Task MeasureAsync(CancellationToken cancellationToken)
    {
        // An environment runs an edge once it has a route: one small routed app.
        var directory = await cluster.WriteAppAsync(App, $$"""
            {
                "name": "{{App}}",
                "masonVersion": "v1",
                "services": [
                    {
                        "name": "web",
                        "image": "{{context.TestImage}}",
                        "ports": ["8080"],
                        "command": ["httpd", "-f", "-p", "8080", "-h", "/"],
                        "domains": [{ "host": "site.bench.localhost", "https": false }]
                    }
                ]
            }
            """, cancellationToken);
        await cluster.MasonCheckedAsync(directory, cancellationToken, "deploy", "--wait", "--timeout", "2m");
        var edge = await WaitForPidAsync("codemason.edge", cancellationToken);
        var registry = await WaitForPidAsync("codemason.registry", cancellationToken);
        // Settle first: the push's last requests, the registry's prune.
        await Task.Delay(Window, cancellationToken);
        var parts = new (string Name, int Pid)[] { ("controller", cluster.Controller.Pid), ("agent", cluster.Agent.Pid), ("edge", edge), ("registry", registry) };
        var cpu = await Task.WhenAll(parts.Select(p => ProcessStats.CpuPercentAsync(p.Pid, Window, cancellationToken)));
        var total = 0.0;
        for (var i = 0; i < parts.Length; i++)
        {
            var rss = ProcessStats.RssMb(parts[i].Pid);
            total += rss;
            figures.Add($"{Prefix}: RSS, {parts[i].Name}", "MB", rss);
            figures.Add($"{Prefix}: CPU, {parts[i].Name}", "% of a core", cpu[i]);
        }
        figures.Add($"{Prefix}: RSS, controller + agent + edge + registry", "MB", total);
        figures.Add($"{Prefix}: CPU, controller + agent + edge + registry", "% of a core", cpu.Sum());
        notes.Add($"{Prefix}: after the pushes, {Window.TotalSeconds:0} s to settle, then VmRSS of each process and its CPU over the next "
            + $"{Window.TotalSeconds:0} s; the edge and the registry are their containers' main processes (codemason-edge, docker-registry); "
            + "the controller is its JIT build as the image ships it, the agent its ahead-of-time build. Issue #21's target: ≤ 250 MB together.");
    }

    /// <summary>The main process of the environment's one running container with <paramref name="label"/>, waited for up to a minute.</summary>
    private async Task<int> WaitForPidAsync(string label, CancellationToken cancellationToken)
    {
        var watch = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            var containers = await docker.Containers.ListAsync(
                new ContainerListOptions { Filters = DockerFilters.ByLabel(label, cluster.Environment) }, cancellationToken);
            if (containers.Count == 1 && (await docker.Containers.InspectAsync(containers[0].Id, cancellationToken)).State.Pid is > 0 and var pid)
            {
                return pid;
            }
            if (watch.Elapsed > TimeSpan.FromMinutes(1))
            {
                throw new TimeoutException($"no one running container labelled {label}={cluster.Environment} within a minute (found {containers.Count})");
            }
            await Task.Delay(250, cancellationToken);
        }
    }
}
