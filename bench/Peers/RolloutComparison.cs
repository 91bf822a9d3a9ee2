using System.Diagnostics;
using Codemason.Bench.Harness;
using Codemason.Docker;

namespace Codemason.Bench.Peers;

/// <summary>
/// The peers benchmark's part <c>rollout</c> (issue #21): requests that fail while every replica of a web service is
/// replaced, under an open-loop load of <see cref="Rate"/> requests/s from this process. Three replicas of busybox
/// httpd answering "v&lt;REV&gt; &lt;container&gt;"; the update changes <c>REV</c>. Contestants: codemason through its edge
/// (<c>domains</c>, <c>mason deploy</c>), docker-compose (a published port range, <c>up -d</c>), swarm's routing mesh
/// (<c>docker service update</c>, by default and with <c>--update-order start-first</c>). See docs/benchmarks.md.
/// </summary>
internal sealed class RolloutComparison(
    BenchContext context,
    EngineWatch watch,
    Figures figures,
    List<string> notes,
    DirectoryInfo work,
    bool compose,
    Func<Task<SwarmSession>> startSwarm,
    string swarmImage,
    CancellationToken cancellationToken)
{
    public const string OursEdge = "codemason, edge";
    public const string Compose = "docker-compose up -d";
    public const string Swarm = "swarm service update (defaults)";
    public const string SwarmStartFirst = "swarm service update --update-order start-first";

    private const string Prefix = "rolling update,";
    private const int Rate = 200;
    private const string Host = "rollout.example.com";
    private const string App = "rollout";

    private static readonly string[] StartFirst = ["--update-order", "start-first"];

    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan CommandLimit = TimeSpan.FromMinutes(5);

    /// <summary>Load before the update starts, and after every replica is new.</summary>
    private static readonly TimeSpan Lead = TimeSpan.FromSeconds(2);

    private static readonly TimeSpan Tail = TimeSpan.FromSeconds(3);

    private int Rounds => context.Quick ? 1 : Math.Min(context.Repetitions, 3);

    private string Short => context.RunId[^8..];

    /// <summary>How each contestant is measured, for the report.</summary>
    public static string MethodNote =>
        $"rolling update: {RolloutWorkload.Replicas} replicas of busybox httpd (no health check, zero stop grace everywhere), {Rate} requests/s open-loop from the bench " +
        $"from {Lead.TotalSeconds:0} s before the update until {Tail.TotalSeconds:0} s after every replica is new; a request fails on a connection error, " +
        "a 10 s timeout or a non-2xx status. codemason: `domains`, load to the edge's HTTP port with the Host header, `mason deploy` of the changed mason.json " +
        "(edge drain period at its default, 10 s); docker-compose: `--scale web=3` on a published loopback port range, load spread over the 3 ports, " +
        "`up -d` of the changed file; swarm: `docker service create --replicas 3 --publish` (routing mesh), `docker service update --env-add`.";

    /// <summary>Why the DNS round-robin contestant is not measured on this single-node run.</summary>
    public static string DnsNote =>
        "rolling update, codemason DNS round-robin: skipped. With one agent on loopback there is no overlay, so the agent runs no service DNS; " +
        "links resolve through Docker's embedded DNS (127.0.0.11), which exists only inside each container's network namespace. " +
        "Where the agent's DNS runs (overlay, docs/service-dns.md) it answers an app's names only to that app's replica addresses, so a process on the host gets no answer either.";

    /// <summary>Ours against every other contestant, without a goal.</summary>
    public static IEnumerable<Comparison> Comparisons() =>
        new[] { Compose, Swarm, SwarmStartFirst }.SelectMany(other => new[]
        {
            new Comparison($"{Prefix} {OursEdge}: failed requests", $"{Prefix} {other}: failed requests", "—"),
            new Comparison($"{Prefix} {OursEdge}: update → every replica new", $"{Prefix} {other}: update → every replica new", "—"),
        });

    public async Task OursEdgeAsync()
    {
        var image = await BenchEdge.FindImageAsync(watch.Client, cancellationToken)
            ?? throw new SkipException($"rolling update: the edge image {BenchEdge.Image} is missing (packaging/edge-image.sh; `make engine` builds it): codemason skipped.");
        var (edgeArguments, http) = BenchEdge.ControllerArguments(image);
        var cluster = await CodemasonCluster.StartAsync(context, new CodemasonClusterOptions
        {
            EnvironmentPrefix = "rollout",
            ControllerArguments = edgeArguments,
        }, cancellationToken);
        var filter = cluster.ServiceFilter(App, "web");
        var destroyed = false;
        try
        {
            var directory = await cluster.WriteAppAsync(App, RolloutWorkload.MasonJson(App, context.TestImage, Host, 1), cancellationToken);
            await cluster.DeployAsync(directory, cancellationToken);
            await watch.WaitRunningAsync(filter, RolloutWorkload.Replicas, Limit, cancellationToken);
            await MeasureAsync(OursEdge, _ => Get(http, Host), filter, async revision =>
            {
                await cluster.WriteAppAsync(App, RolloutWorkload.MasonJson(App, context.TestImage, Host, revision), cancellationToken);
                await cluster.DeployAsync(directory, cancellationToken);
            });
            await cluster.DestroyAsync(App, cancellationToken);
            await watch.WaitTornDownAsync(cluster.AppFilter(App), cluster.AppFilter(App), Limit, cancellationToken);
            destroyed = true;
        }
        finally
        {
            if (!destroyed)
            {
                await DestroyQuietlyAsync(cluster);
            }
            // The agent goes first, so nothing makes the edge again; its container and volume carry the environment's label.
            await cluster.DisposeAsync();
            await BenchEdge.RemoveLeftoversAsync(watch.Client, cluster.Environment);
        }
    }

    public async Task ComposeAsync()
    {
        if (!compose)
        {
            throw new SkipException("docker-compose is not installed: compose figures skipped.");
        }
        var project = $"cmproll{Short}";
        var file = Path.Combine(work.FullName, project + ".yml");
        var first = FreePorts.NextRange(RolloutWorkload.Replicas);
        var filter = DockerFilters.ByLabel("com.docker.compose.project", project);
        string[] up = ["-p", project, "-f", file, "up", "-d", "--scale", $"web={RolloutWorkload.Replicas}"];
        await File.WriteAllTextAsync(file, RolloutWorkload.ComposeYaml(context, project, first, 1), cancellationToken);
        try
        {
            await PeerCommand.CheckedAsync("docker-compose", up, CommandLimit, cancellationToken);
            await watch.WaitRunningAsync(filter, RolloutWorkload.Replicas, Limit, cancellationToken);
            await MeasureAsync(Compose, i => Get(first + (int)(i % RolloutWorkload.Replicas)), filter, async revision =>
            {
                await File.WriteAllTextAsync(file, RolloutWorkload.ComposeYaml(context, project, first, revision), cancellationToken);
                await PeerCommand.CheckedAsync("docker-compose", up, CommandLimit, cancellationToken);
            });
        }
        finally
        {
            await PeerCommand.RunAsync("docker-compose", ["-p", project, "-f", file, "down", "-t", "0"], CommandLimit, CancellationToken.None);
            await watch.WaitTornDownAsync(filter, filter, Limit, CancellationToken.None);
        }
    }

    public async Task SwarmAsync(bool startFirst)
    {
        await using var swarm = await startSwarm();
        var name = $"cmproll{Short}{(startFirst ? "s" : "d")}";
        var port = FreePorts.Next();
        var filter = DockerFilters.ByLabel("com.docker.swarm.service.name", name);
        try
        {
            await PeerCommand.CheckedAsync("docker",
            [
                "service", "create", "--detach", "--no-resolve-image", "--name", name, "--replicas", $"{RolloutWorkload.Replicas}",
                "--publish", $"published={port},target=8080", "--stop-grace-period", "0s", "--env", "REV=1",
                "--label", $"{BenchContext.TestLabel}={context.RunId}", "--container-label", $"{BenchContext.TestLabel}={context.RunId}",
                .. (startFirst ? StartFirst : []),
                swarmImage, "sh", "-c", RolloutWorkload.Serve,
            ], CommandLimit, cancellationToken);
            await watch.WaitTasksRunningAsync($"{{\"name\":[\"{name}\"]}}", RolloutWorkload.Replicas, Limit, cancellationToken);
            // dockerd loads ip_vs when the first published service needs it; without IPVS nothing forwards the port.
            if (!File.Exists("/proc/net/ip_vs"))
            {
                throw new SkipException("rolling update, swarm: skipped. This kernel has no IPVS (/proc/net/ip_vs is missing; dockerd: " +
                    "\"Could not get ipvs family information\"), so swarm's routing mesh forwards no published port and no request reaches a task.");
            }
            await MeasureAsync(startFirst ? SwarmStartFirst : Swarm, _ => Get(port), filter, revision =>
                PeerCommand.CheckedAsync("docker", ["service", "update", "--detach", "--env-add", $"REV={revision}", name], CommandLimit, cancellationToken));
        }
        finally
        {
            await PeerCommand.RunAsync("docker", ["service", "rm", name], CommandLimit, CancellationToken.None);
            await watch.WaitGoneAsync(filter, Limit, CancellationToken.None);
        }
    }

    /// <summary>
    /// Once every replica serves v1: <see cref="Rounds"/> updates to the next <c>REV</c>, each under its own load, timed
    /// from the update's command until exactly <see cref="RolloutWorkload.Replicas"/> containers run and none of them ran before.
    /// </summary>
    private async Task MeasureAsync(string contestant, Func<long, HttpRequestMessage> request, DockerFilters replicas, Func<int, Task> update)
    {
        using var client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false }) { Timeout = TimeSpan.FromSeconds(10) };
        await ServedAsync(client, request, "v1");
        for (var round = 0; round < Rounds; round++)
        {
            var old = (await watch.RunningAsync(replicas, cancellationToken)).Select(c => c.Id).ToHashSet(StringComparer.Ordinal);
            await using var load = OpenLoopLoad.Start(client, request, Rate);
            await Task.Delay(Lead, cancellationToken);
            var clock = Stopwatch.StartNew();
            await update(round + 2);
            await UntilAsync(async () =>
            {
                var running = await watch.RunningAsync(replicas, cancellationToken);
                return running.Count == RolloutWorkload.Replicas && running.All(c => !old.Contains(c.Id));
            }, $"{contestant}: {RolloutWorkload.Replicas} new replicas running, the old ones gone");
            var took = clock.Elapsed;
            await Task.Delay(Tail, cancellationToken);
            await load.StopAsync();
            figures.Add($"{Prefix} {contestant}: failed requests", "requests", load.Failed);
            figures.Add($"{Prefix} {contestant}: requests answered", "requests", load.Answered, higherIsBetter: true);
            figures.Add($"{Prefix} {contestant}: update → every replica new", "s", took.TotalSeconds);
            notes.Add($"{Prefix} {contestant}, round {round + 1}: {load.Summary()}; the update began {Lead.TotalSeconds:0} s after the load, every replica was new {took.TotalSeconds:0.0} s after that.");
        }
    }

    /// <summary>Waits until 20 requests in a row are answered by <paramref name="version"/>: the service serves before the load starts.</summary>
    private Task ServedAsync(HttpClient client, Func<long, HttpRequestMessage> request, string version) =>
        UntilAsync(async () =>
        {
            for (var i = 0; i < 20; i++)
            {
                try
                {
                    using var response = await client.SendAsync(request(i), cancellationToken);
                    var body = await response.Content.ReadAsStringAsync(cancellationToken);
                    if (!response.IsSuccessStatusCode || !body.StartsWith(version + " ", StringComparison.Ordinal))
                    {
                        return false;
                    }
                }
                catch (Exception e) when (e is HttpRequestException || (e is TaskCanceledException && !cancellationToken.IsCancellationRequested))
                {
                    return false;
                }
            }
            return true;
        }, $"{version} served by every replica");

    private async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        var clock = Stopwatch.StartNew();
        while (!await condition())
        {
            if (clock.Elapsed > Limit)
            {
                throw new TimeoutException($"not within {Limit.TotalSeconds:0} s: {what}");
            }
            await Task.Delay(EngineWatch.Poll, cancellationToken);
        }
    }

    private static HttpRequestMessage Get(int port, string? host = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, $"http://127.0.0.1:{port}/");
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        return request;
    }

    private async Task DestroyQuietlyAsync(CodemasonCluster cluster)
    {
        try
        {
            await cluster.DestroyAsync(App, CancellationToken.None);
            await watch.WaitTornDownAsync(cluster.AppFilter(App), cluster.AppFilter(App), Limit, CancellationToken.None);
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // The harness's sweep removes what is left by the run's label.
        }
    }
}
