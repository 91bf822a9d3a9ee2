using Codemason.Controller.Nodes;
using Codemason.Controller.Scheduling;
using Codemason.Testing;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Scheduling;

/// <summary>Properties of <see cref="Scheduler.Schedule"/> on large random environments.</summary>
public sealed class SchedulerInvariantTests
{
    [TestCase(1)]
    [TestCase(2)]
    [TestCase(3)]
    public void Schedule_RandomEnvironment200x2000_RespectsEveryFilter(int seed)
    {
        var request = RandomCluster.Create(200, 2000, seed);

        var result = Scheduler.Schedule(request);

        var problems = CheckInvariants(request, result);
        Assert.Multiple(() =>
        {
            Assert.That(problems, Is.Empty);
            Assert.That(result.Assignments, Has.Count.EqualTo(2000));
            Assert.That(result.Assignments.Count(a => a.Node is not null), Is.GreaterThan(1000), "the generator should leave most replicas placeable");
            Assert.That(result.Unplaced, Is.Not.Empty, "the generator should exercise explanations");
        });
    }

    [TestCase(4)]
    [TestCase(5)]
    public void Schedule_ShuffledInput_SameResult(int seed)
    {
        var request = RandomCluster.Create(200, 2000, seed);
        var random = new Random(seed);
        var shuffled = request with
        {
            Nodes = [.. request.Nodes.OrderBy(_ => random.Next())],
            Services = [.. request.Services.OrderBy(_ => random.Next())],
            Placements = [.. request.Placements.OrderBy(_ => random.Next())],
        };

        var first = SchedulingCaseReader.Render(Scheduler.Schedule(request));
        var again = SchedulingCaseReader.Render(Scheduler.Schedule(request));
        var fromShuffled = SchedulingCaseReader.Render(Scheduler.Schedule(shuffled));

        Assert.Multiple(() =>
        {
            Assert.That(again, Is.EqualTo(first));
            Assert.That(fromShuffled, Is.EqualTo(first));
        });
    }

    [TestCase(6)]
    [TestCase(7)]
    public void Schedule_ItsOwnResultAsInput_KeepsEverythingAndMovesNothing(int seed)
    {
        var request = RandomCluster.Create(200, 2000, seed);
        var first = Scheduler.Schedule(request);
        var scheduled = request.Services.Select(s => s.Key).ToHashSet();
        var others = request.Placements.Where(p => !scheduled.Contains(ServiceKey.Of(p.Replica)));
        var placements = first.Assignments.Select(a => new ReplicaPlacement(a.Replica, a.Node)).Concat(others).ToList();

        var second = Scheduler.Schedule(request with { Placements = placements });

        Assert.Multiple(() =>
        {
            Assert.That(second.Moves, Is.Empty);
            Assert.That(second.Assignments.Select(a => a.Node), Is.EqualTo(first.Assignments.Select(a => a.Node)));
            Assert.That(second.Assignments.Where(a => a.Node is not null).Select(a => a.Outcome), Is.All.EqualTo(PlacementOutcome.Kept));
        });
    }

    [Test]
    public void Schedule_NodeGoesDown_OnlyItsReplicasMove()
    {
        var request = RandomCluster.Create(200, 2000, 8);
        var first = Scheduler.Schedule(request);
        var victim = first.Assignments.First(a => a.Node is not null).Node!.Value;
        var scheduled = request.Services.Select(s => s.Key).ToHashSet();
        var others = request.Placements.Where(p => !scheduled.Contains(ServiceKey.Of(p.Replica)));
        var after = request with
        {
            Nodes = [.. request.Nodes.Select(n => n.Id == victim ? n with { Status = NodeStatus.Down } : n)],
            Placements = [.. first.Assignments.Select(a => new ReplicaPlacement(a.Replica, a.Node)).Concat(others)],
        };

        var second = Scheduler.Schedule(after);

        var expectedMovers = first.Assignments.Where(a => a.Node == victim).Select(a => a.Replica).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(second.Moves.Select(m => m.Replica), Is.EquivalentTo(expectedMovers));
            Assert.That(second.Moves.Select(m => m.From), Is.All.EqualTo(victim));
            Assert.That(second.Assignments.Select(a => a.Node), Has.None.EqualTo(victim));
            Assert.That(CheckInvariants(after, second), Is.Empty);
        });
    }

    [Test]
    public void Schedule_FreshServiceOnUniformNodes_SpreadsWithinOne()
    {
        var nodes = Enumerable.Range(0, 7)
            .Select(i => new SchedulingNode(TestIds.Node($"n{i}"), $"h{i}", NodeStatus.Ready, NodeAvailability.Active, new Dictionary<string, string>()))
            .ToList();
        var service = new SchedulingService(new ServiceKey("shop", "web"), 23, TestIds.Hash("h1"), PlacementRules.None, ReplicaFootprint.None);

        var result = Scheduler.Schedule(new SchedulingRequest("production", nodes, [service], []));

        var perNode = result.Assignments.GroupBy(a => a.Node).Select(g => g.Count()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(perNode, Has.Count.EqualTo(7));
            Assert.That(perNode.Max() - perNode.Min(), Is.LessThanOrEqualTo(1));
            Assert.That(result.Assignments.Select(a => a.Outcome), Is.All.EqualTo(PlacementOutcome.Placed));
        });
    }

    // How long this takes is measured by `make bench` (scheduler), not asserted here.
    [Test]
    public void Schedule_1000NodesBy20000Replicas_PlacesEveryReplicaTheSameWayEachTime()
    {
        var request = RandomCluster.Create(1000, 20000, 9);

        var first = Scheduler.Schedule(request);
        var second = Scheduler.Schedule(request);

        Assert.Multiple(() =>
        {
            Assert.That(first.Assignments, Has.Count.EqualTo(20000));
            Assert.That(first.Assignments.Select(a => (a.Replica, a.Node, a.Outcome)),
                Is.EqualTo(second.Assignments.Select(a => (a.Replica, a.Node, a.Outcome))));
        });
    }

    [Test]
    public void Schedule_InconsistentRequest_ThrowsListingEveryProblem()
    {
        var node = new SchedulingNode(TestIds.Node("n1"), "h1", NodeStatus.Ready, NodeAvailability.Active, new Dictionary<string, string>());
        var service = new SchedulingService(new ServiceKey("shop", "web"), -1, TestIds.Hash("h1"), new PlacementRules([], 0), ReplicaFootprint.None);
        var request = new SchedulingRequest(
            "production",
            [node, node],
            [service, new SchedulingService(new ServiceKey("shop", "web server"), 1, TestIds.Hash("h1"), PlacementRules.None, ReplicaFootprint.None)],
            [new ReplicaPlacement(default, null), new ReplicaPlacement(ReplicaId.Parse("staging/shop/web#1"), null)]);

        var error = Assert.Throws<ArgumentException>(() => Scheduler.Schedule(request));

        Assert.That(error!.Message, Does.Contain($"node {node.Id} is listed twice")
            .And.Contain("service shop/web has scale -1")
            .And.Contain("service shop/web has max 0 replicas per node")
            .And.Contain("service shop/web server of environment production breaks the naming rules")
            .And.Contain("a placement has no replica id")
            .And.Contain("replica staging/shop/web#1 is not in environment production"));
    }

    /// <summary>Every filter holds for the result; returns a description of each violation.</summary>
    internal static List<string> CheckInvariants(SchedulingRequest request, SchedulingResult result)
    {
        var problems = new List<string>();
        var nodes = request.Nodes.ToDictionary(n => n.Id);
        var services = request.Services.ToDictionary(s => s.Key);
        var occupants = nodes.Keys.ToDictionary(id => id, _ => new List<(ServiceKey Key, ReplicaFootprint Footprint)>());
        foreach (var placement in request.Placements)
        {
            var key = ServiceKey.Of(placement.Replica);
            if (!services.ContainsKey(key) && placement.Node is { } node && occupants.TryGetValue(node, out var list))
            {
                list.Add((key, placement.Footprint ?? ReplicaFootprint.None));
            }
        }

        var current = request.Placements.ToDictionary(p => p.Replica, p => p.Node);
        var expected = request.Services.SelectMany(s => Enumerable.Range(1, s.Scale).Select(i => s.Key.Replica(request.Environment, i))).ToHashSet();
        if (!expected.SetEquals(result.Assignments.Select(a => a.Replica)) || expected.Count != result.Assignments.Count)
        {
            problems.Add("assignments are not exactly the replicas 0..scale-1 of every service");
        }

        foreach (var a in result.Assignments)
        {
            var (key, index) = (ServiceKey.Of(a.Replica), a.Replica.Index);
            var service = services[key];
            var was = current.GetValueOrDefault(a.Replica);
            if (a.Node is not { } id)
            {
                if (a.Outcome != PlacementOutcome.Unplaced || string.IsNullOrWhiteSpace(a.Explanation)
                    || !a.Explanation.StartsWith($"{key.Service}#{index}: ", StringComparison.Ordinal))
                {
                    problems.Add($"{a.Replica}: unplaced without a proper explanation: {a.Explanation}");
                }
                continue;
            }
            var node = nodes[id];
            var kept = was == id;
            if (a.Outcome != (kept ? PlacementOutcome.Kept : was is null ? PlacementOutcome.Placed : PlacementOutcome.Moved))
            {
                problems.Add($"{a.Replica}: outcome {a.Outcome} does not match {was} -> {id}");
            }
            if (node.Status == NodeStatus.Down || node.Availability == NodeAvailability.Drained
                || (!kept && (node.Status != NodeStatus.Ready || node.Availability != NodeAvailability.Active)))
            {
                problems.Add($"{a.Replica}: on {id} which is {node.Status}/{node.Availability}");
            }
            foreach (var constraint in service.Placement.Constraints)
            {
                if (!constraint.IsSatisfiedBy(node.Hostname, node.Labels))
                {
                    problems.Add($"{a.Replica}: on {id} which fails {constraint}");
                }
            }
            occupants[id].Add((key, service.Footprint));
        }

        foreach (var (id, list) in occupants)
        {
            var node = nodes[id];
            var memory = list.Sum(o => o.Footprint.Reservation.MemoryMb);
            var cpu = list.Sum(o => o.Footprint.Reservation.CpuShares);
            if (node.Capacity.MemoryMb > 0 && memory > node.Capacity.MemoryMb)
            {
                problems.Add($"{id}: {memory} MB reserved of {node.Capacity.MemoryMb}");
            }
            if (node.Capacity.CpuShares > 0 && cpu > node.Capacity.CpuShares)
            {
                problems.Add($"{id}: {cpu} shares reserved of {node.Capacity.CpuShares}");
            }
            foreach (var group in list.GroupBy(o => o.Key))
            {
                if (services.TryGetValue(group.Key, out var service) && service.Placement.MaxPerNode is { } perNode && group.Count() > perNode)
                {
                    problems.Add($"{id}: {group.Count()} replicas of {group.Key}, max {perNode}");
                }
            }
            var ports = list.SelectMany(o => o.Footprint.Ports).ToList();
            for (var i = 0; i < ports.Count; i++)
            {
                for (var j = i + 1; j < ports.Count; j++)
                {
                    if (ports[i].Port == ports[j].Port && ports[i].Protocol == ports[j].Protocol
                        && (ports[i].IsWildcard || ports[j].IsWildcard || ports[i].HostIp == ports[j].HostIp))
                    {
                        problems.Add($"{id}: port {ports[i]} conflicts with {ports[j]}");
                    }
                }
            }
        }
        return problems;
    }
}
