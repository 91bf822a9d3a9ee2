using System.Diagnostics;
using System.Globalization;
using Codemason.Bench.Harness;
using Codemason.Controller.Nodes;
using Codemason.Controller.Scheduling;
using Codemason.Mortar.Model;
using Codemason.Identity;

namespace Codemason.Bench.Scheduling;

/// <summary>
/// <see cref="Scheduler.Schedule"/> on generated environments of 100 and 1,000 nodes × 20 replicas each
/// (10 and 100 nodes in quick mode): a cold placement of every replica, and the re-plan after one node goes Down.
/// There is no peer to compare with; the figures and how they grow with size are the result.
/// </summary>
public sealed class SchedulerBenchmark : IBenchmark
{
    private const int ReplicasPerNode = 20;
    private const string Environment = "production";
    private const double TargetMs = 1000;

    public string Name => "scheduler";

    public string Description => "scheduler: place N nodes × 20 replicas from scratch, and re-plan after one node goes Down (no baseline)";

    public bool NeedsEngine => false;

    public Task<BenchReport> RunAsync(BenchContext context, CancellationToken cancellationToken)
    {
        var sizes = new[] { context.Size(100, 10), context.Size(1000, 100) };
        var iterations = context.Size(5, 2);
        var measurements = new List<Measurement>();
        var notes = new List<string>();
        var medians = new Dictionary<(int Nodes, string Scenario), double>();

        foreach (var nodes in sizes)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var cold = Generate(nodes, nodes * ReplicasPerNode, seed: nodes);
            var placed = Scheduler.Schedule(cold);
            var afterDown = NodeDown(cold, placed);
            var replan = Scheduler.Schedule(afterDown);

            // Warm-up, not measured: tiered JIT reaches its optimised code.
            for (var i = 0; i < iterations * 2; i++)
            {
                Scheduler.Schedule(cold);
                Scheduler.Schedule(afterDown);
            }

            var coldName = Label(nodes, "cold, every replica new");
            var downName = Label(nodes, "one node Down, re-plan");
            var coldSamples = new List<double>();
            var downSamples = new List<double>();
            for (var r = 0; r < context.Repetitions; r++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                coldSamples.Add(PerCall(iterations, () => Scheduler.Schedule(cold)));
                downSamples.Add(PerCall(iterations, () => Scheduler.Schedule(afterDown)));
            }
            measurements.Add(new Measurement(coldName, "ms", coldSamples));
            measurements.Add(new Measurement(downName, "ms", downSamples));
            medians[(nodes, "cold")] = measurements[^2].Median;
            medians[(nodes, "down")] = measurements[^1].Median;

            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"{nodes} nodes: {placed.Assignments.Count} replicas of {cold.Services.Count} services, {placed.Unplaced.Count()} unplaced; after one node Down {replan.Moves.Count} moved, {replan.Assignments.Count(a => a.Outcome == PlacementOutcome.Kept)} kept"));
        }

        var (small, large) = (sizes[0], sizes[1]);
        foreach (var scenario in new[] { "cold", "down" })
        {
            var ratio = medians[(large, scenario)] / medians[(small, scenario)];
            notes.Add(string.Create(CultureInfo.InvariantCulture,
                $"curve ({scenario}): {large / small}× the nodes and replicas took {ratio:0.0}× the time ({medians[(small, scenario)]:0.###} → {medians[(large, scenario)]:0.###} ms); linear would be {large / small}×, nodes × replicas {large / small * (large / small)}×"));
        }
        var worst = Math.Max(medians[(large, "cold")], medians[(large, "down")]);
        notes.Add(string.Create(CultureInfo.InvariantCulture,
            $"target < {TargetMs} ms for 1,000 nodes × 20,000 replicas: {(context.Quick ? "not checked in quick mode" : worst < TargetMs ? "met" : "NOT met")} (slowest median {worst:0.###} ms); {iterations} calls per sample after warm-up"));

        return Task.FromResult(new BenchReport(Name, measurements, [], notes));
    }

    private static string Label(int nodes, string scenario) =>
        string.Create(CultureInfo.InvariantCulture, $"schedule {nodes} nodes × {nodes * ReplicasPerNode} replicas, {scenario}");

    private static double PerCall(int iterations, Action action)
    {
        var watch = Stopwatch.StartNew();
        for (var i = 0; i < iterations; i++)
        {
            action();
        }
        return watch.Elapsed.TotalMilliseconds / iterations;
    }

    /// <summary>The steady state after <paramref name="placed"/>, with the busiest node gone Down.</summary>
    private static SchedulingRequest NodeDown(SchedulingRequest request, SchedulingResult placed)
    {
        var busiest = placed.Assignments
            .Where(a => a.Node is not null)
            .GroupBy(a => a.Node!.Value)
            .OrderByDescending(g => g.Count())
            .ThenBy(g => g.Key.Value, StringComparer.Ordinal)
            .First().Key;
        var others = request.Placements.Where(p => p.Footprint is not null);
        return request with
        {
            Nodes = [.. request.Nodes.Select(n => n.Id == busiest ? n with { Status = NodeStatus.Down } : n)],
            Placements = [.. placed.Assignments.Select(a => new ReplicaPlacement(a.Replica, a.Node)).Concat(others)],
        };
    }

    /// <summary>
    /// An environment of <paramref name="nodeCount"/> nodes in three zones with known capacities, and
    /// services of 1–10 replicas until <paramref name="replicaCount"/>: a third constrained to a zone, a
    /// tenth publishing a fixed port, half reserving memory and CPU; plus one sidecar of another app per node.
    /// </summary>
    private static SchedulingRequest Generate(int nodeCount, int replicaCount, int seed)
    {
        var random = new Random(seed);
        string[] zones = ["eu", "us", "ap"];
        var nodes = new List<SchedulingNode>(nodeCount);
        for (var i = 0; i < nodeCount; i++)
        {
            nodes.Add(new SchedulingNode(
                NodeId.Parse(i.ToString("x16", CultureInfo.InvariantCulture)),
                string.Create(CultureInfo.InvariantCulture, $"host-{i}"),
                NodeStatus.Ready,
                random.Next(50) == 0 ? NodeAvailability.Cordoned : NodeAvailability.Active,
                new Dictionary<string, string>(StringComparer.Ordinal) { ["zone"] = zones[i % zones.Length] },
                new Resources(32768, 16384),
                random.Next(20) == 0 ? 1 : 0,
                null));
        }
        var services = new List<SchedulingService>();
        for (var total = 0; total < replicaCount;)
        {
            var scale = Math.Min(random.Next(1, 11), replicaCount - total);
            total += scale;
            var number = services.Count;
            var key = new ServiceKey(string.Create(CultureInfo.InvariantCulture, $"app-{number / 5}"), string.Create(CultureInfo.InvariantCulture, $"svc-{number % 5}"));
            PlacementConstraint[] constraints = random.Next(3) == 0 ? [PlacementConstraint.Parse($"node.labels.zone == {zones[random.Next(zones.Length)]}")] : [];
            PublishedPort[] ports = random.Next(10) == 0 ? [new PublishedPort(null, 10000 + number)] : [];
            var reservation = random.Next(2) == 0 ? new Resources(random.Next(1, 5) * 128, random.Next(0, 3) * 128) : Resources.None;
            services.Add(new SchedulingService(key, scale, SpecHash.Parse("sha256:" + number.ToString("x64", CultureInfo.InvariantCulture)), new PlacementRules(constraints, null), new ReplicaFootprint(ports, reservation)));
        }
        var placements = nodes.Select(n => new ReplicaPlacement(
            new ReplicaId(new AppKey(Environment, "other"), $"sidecar-{n.Id}", 1),
            n.Id,
            new ReplicaFootprint([new PublishedPort(null, 9100)], new Resources(256, 128)))).ToList();
        return new SchedulingRequest(Environment, nodes, services, placements);
    }
}
