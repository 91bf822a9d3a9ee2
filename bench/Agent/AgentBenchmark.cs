using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Codemason.Bench.Harness;
using Codemason.Docker;
using Codemason.Docker.Containers;
using Codemason.Docker.Events;
using Codemason.Docker.Networks;

namespace Codemason.Bench.Agent;

/// <summary>
/// The agent (a real process, standalone mode) against the engine: assignment → all running vs
/// create+start of the same containers straight through the engine API (8-way, same network);
/// docker kill → running again; a no-op re-list of N running replicas and the engine mutations it
/// causes; idle RSS and CPU; teardown.
/// </summary>
public sealed class AgentBenchmark : IBenchmark
{
    private const int Parallel = 8;
    private const int Kills = 10;
    private static readonly string[] SleepCommand = ["sleep", "3600"];

    public string Name => "agent";

    public string Description => "agent: deploy N replicas vs raw engine API floor, kill → running, no-op re-list, idle footprint";

    public bool NeedsEngine => true;

    public async Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var n = context.Size(50);
        using var client = new DockerClient();
        var work = Directory.CreateTempSubdirectory("codemason-bench-agent-");
        var raw = new List<double>();
        var rawHeal = new List<double>();
        var deploy = new List<double>();
        var teardown = new List<double>();
        var heal = new List<double>();
        var noop = new List<double>();
        var rss = new List<double>();
        var cpu = new List<double>();
        var notes = new List<string>();
        long mutations = 0;
        try
        {
            for (var rep = 0; rep < context.Repetitions; rep++)
            {
                var tag = string.Create(CultureInfo.InvariantCulture, $"{context.RunId}r{rep}");
                raw.Add(await RawFloorAsync(client, context, tag, n, rawHeal, cancellationToken));

                var assignments = Path.Combine(work.FullName, $"assignments-{rep}.json");
                await File.WriteAllTextAsync(assignments, "{}", cancellationToken);
                await using var agent = StartAgent(context, tag, assignments, Path.Combine(work.FullName, $"agent-{rep}.db"));
                await Task.Delay(TimeSpan.FromSeconds(2), cancellationToken);

                var watch = Stopwatch.StartNew();
                await File.WriteAllTextAsync(assignments, AssignmentsJson(context, n), cancellationToken);
                await WaitForAsync(client, tag, c => c.Count == n && c.All(x => x.State == "running"), cancellationToken);
                deploy.Add(watch.Elapsed.TotalSeconds);

                // Steady state: the agent re-lists every second; gather those passes and count mutations.
                var since = DateTimeOffset.UtcNow;
                await Task.Delay(TimeSpan.FromSeconds(context.Quick ? 3 : 6), cancellationToken);
                noop.AddRange(ResyncDurationsMs(agent, since));
                mutations += await MutationsAsync(client, tag, since, DateTimeOffset.UtcNow, cancellationToken);

                var cpuBefore = agent.CpuTime();
                var idleWatch = Stopwatch.StartNew();
                await Task.Delay(TimeSpan.FromSeconds(context.Quick ? 2 : 10), cancellationToken);
                cpu.Add(100.0 * (agent.CpuTime() - cpuBefore).TotalSeconds / idleWatch.Elapsed.TotalSeconds);
                rss.Add(agent.RssMb());

                var replicas = await client.Containers.ListAsync(new() { Filters = DockerFilters.ByLabel("bench.rep", tag) }, cancellationToken);
                heal.AddRange(await KillsAsync(client, replicas.Take(Kills).Select(c => c.Id), startAfterKill: false, cancellationToken));

                watch.Restart();
                await File.WriteAllTextAsync(assignments, "{}", cancellationToken);
                await WaitForAsync(client, tag, c => c.Count == 0, cancellationToken);
                teardown.Add(watch.Elapsed.TotalSeconds);
            }
        }
        finally
        {
            work.Delete(recursive: true);
        }
        notes.Add($"N = {n} replicas of `sleep 3600`; the raw floor creates and starts the same containers {Parallel}-way through the engine API, on one user network like the agent's.");
        notes.Add($"re-list every 1 s during the steady state; engine mutations caused by the no-op re-lists: {mutations} (target 0).");
        notes.Add($"kill → running: {Math.Min(Kills, n)} different replicas killed once each (POST /containers/{{id}}/kill), polled every 10 ms; the agent restarts in place. The engine floor kills a raw container on the same kind of network and starts it straight away (what the agent's restart in place costs the engine alone).");
        notes.Add("targets: deploy / raw ≤ 1.25; kill → running ≤ 0.3 s; no-op re-list ≤ 50 ms; idle RSS ≤ 60 MB and CPU ≤ 1 % of a core.");
        return new BenchReport(Name,
            [
                new Measurement($"raw engine API: create+start {n} ({Parallel}-way)", "s", raw),
                new Measurement($"agent: assignment → {n} running", "s", deploy),
                new Measurement("engine floor: kill → start at once", "s", rawHeal),
                new Measurement("agent: docker kill → running", "s", heal),
                new Measurement($"agent: no-op re-list of {n} replicas", "ms", noop),
                new Measurement($"agent: idle RSS with {n} replicas", "MB", rss),
                new Measurement($"agent: idle CPU with {n} replicas", "% of a core", cpu),
                new Measurement($"agent: teardown of {n}", "s", teardown),
            ],
            [
                new Comparison($"agent: assignment → {n} running", $"raw engine API: create+start {n} ({Parallel}-way)", "≤ 1.25", 1.25),
                new Comparison("agent: docker kill → running", "engine floor: kill → start at once", "≤ 1.25", 1.25),
            ],
            notes);
    }

    private static ChildProcess StartAgent(BenchContext context, string tag, string assignments, string state) =>
        ChildProcess.Start(RepoPaths.Program("agent", "codemason-agent"),
            [
                "--assignments", assignments, "--state", state, "--node-name", $"bench-{tag}", "--resource-prefix", $"cmb{tag}",
                "--extra-labels", $"{BenchContext.TestLabel}={context.RunId},bench.rep={tag}", "--stop-timeout", "00:00:00",
                "--resync-interval", "00:00:01",
            ],
            new Dictionary<string, string> { ["Logging__LogLevel__Codemason"] = "Debug" });

    private static string AssignmentsJson(BenchContext context, int n)
    {
        var upserts = Enumerable.Range(1, n).Select(i => new
        {
            environment = "bench",
            app = "load",
            service = "s",
            index = i,
            spec = new { image = context.TestImage, command = SleepCommand },
        });
        return JsonSerializer.Serialize(new { upserts });
    }

    private static async Task<double> RawFloorAsync(DockerClient client, BenchContext context, string tag, int n, List<double> heal, CancellationToken cancellationToken)
    {
        var labels = new Dictionary<string, string> { [BenchContext.TestLabel] = context.RunId, ["bench.rep"] = tag + "raw" };
        var network = await client.Networks.CreateAsync(new NetworkCreateRequest($"cmbraw{tag}") { Labels = labels }, cancellationToken);
        var watch = Stopwatch.StartNew();
        using var gate = new SemaphoreSlim(Parallel);
        var ids = await Task.WhenAll(Enumerable.Range(1, n).Select(async i =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                var created = await client.Containers.CreateAsync(new ContainerCreateRequest(context.TestImage)
                {
                    Name = $"cmbraw-{tag}-{i}",
                    Cmd = ["sleep", "3600"],
                    Labels = labels,
                    Networks = new Dictionary<string, NetworkAttachment> { [$"cmbraw{tag}"] = new() { Aliases = ["s"] } },
                }, cancellationToken);
                await client.Containers.StartAsync(created.Id, cancellationToken);
                return created.Id;
            }
            finally
            {
                gate.Release();
            }
        }));
        var elapsed = watch.Elapsed.TotalSeconds;
        heal.AddRange(await KillsAsync(client, ids.Take(Kills), startAfterKill: true, cancellationToken));
        await Task.WhenAll(ids.Select(id => client.Containers.RemoveAsync(id, force: true, cancellationToken: cancellationToken)));
        await EngineSweeper.RemoveNetworkAsync(client, network.Id, cancellationToken);
        return elapsed;
    }

    private static async Task WaitForAsync(DockerClient client, string tag, Func<IReadOnlyList<ContainerSummary>, bool> done, CancellationToken cancellationToken)
    {
        var filters = DockerFilters.ByLabel("bench.rep", tag);
        var deadline = Stopwatch.StartNew();
        while (!done(await client.Containers.ListAsync(new() { Filters = filters }, cancellationToken)))
        {
            if (deadline.Elapsed > TimeSpan.FromMinutes(5))
            {
                throw new TimeoutException("the agent did not converge within 5 minutes");
            }
            await Task.Delay(100, cancellationToken);
        }
    }

    /// <summary>Kills each container once and times until it runs again (restarted by the agent, or by us at once for the floor).</summary>
    private static async Task<List<double>> KillsAsync(DockerClient client, IEnumerable<string> ids, bool startAfterKill, CancellationToken cancellationToken)
    {
        var samples = new List<double>();
        foreach (var id in ids)
        {
            var before = (await client.Containers.InspectAsync(id, cancellationToken)).State.StartedAt;
            var watch = Stopwatch.StartNew();
            await client.Containers.KillAsync(id, cancellationToken: cancellationToken);
            if (startAfterKill)
            {
                await client.Containers.StartAsync(id, cancellationToken);
            }
            while (true)
            {
                var state = (await client.Containers.InspectAsync(id, cancellationToken)).State;
                if (state.Running && state.StartedAt > before)
                {
                    break;
                }
                if (watch.Elapsed > TimeSpan.FromSeconds(60))
                {
                    throw new TimeoutException("a killed replica did not come back within 60 s");
                }
                await Task.Delay(10, cancellationToken);
            }
            samples.Add(watch.Elapsed.TotalSeconds);
        }
        return samples;
    }

    private static List<double> ResyncDurationsMs(ChildProcess agent, DateTimeOffset since)
    {
        var samples = new List<double>();
        foreach (var line in agent.Lines)
        {
            if (!line.StartsWith('{') || !line.Contains("\"EventId\":1106", StringComparison.Ordinal) || !line.Contains("resync:*", StringComparison.Ordinal))
            {
                continue;
            }
            using var json = JsonDocument.Parse(line);
            var at = json.RootElement.GetProperty("Timestamp").GetDateTimeOffset();
            var elapsed = TimeSpan.Parse(json.RootElement.GetProperty("State").GetProperty("Elapsed").GetString()!, CultureInfo.InvariantCulture);
            if (at >= since)
            {
                samples.Add(elapsed.TotalMilliseconds);
            }
        }
        return samples;
    }

    private static async Task<long> MutationsAsync(DockerClient client, string tag, DateTimeOffset since, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var mutating = new HashSet<string>(StringComparer.Ordinal) { "create", "start", "stop", "kill", "die", "destroy", "connect", "disconnect" };
        long count = 0;
        var query = new EventsQuery { Since = since, Until = until, Filters = DockerFilters.ByLabel("bench.rep", tag) };
        await foreach (var message in client.Engine.StreamEventsAsync(query, cancellationToken))
        {
            if (mutating.Contains(message.Action))
            {
                count++;
            }
        }
        return count;
    }
}
