using System.Globalization;
using Codemason.Controller.Nodes;

namespace Codemason.Controller.Scheduling;

/// <summary>
/// Decides which node runs each replica: a pure, deterministic function of its request (no store, no clock,
/// no randomness; the order of the request's lists does not matter). The rules are in docs/scheduler.md.
/// </summary>
/// <remarks>
/// Two phases. Keep: every replica already on a node that still passes the filters stays there, lower
/// indexes first, so nothing moves for balance alone. Place: the remaining replicas, service by service
/// (ordered by app, then service) and index by index, go to the best node that passes the filters — fewest
/// replicas of the same service, then fewest replicas overall, then fewest recent failures, then node id.
/// Within one service only the node just chosen changes its score, so a heap of the eligible nodes gives
/// O(nodes + replicas × log nodes) per service, and a node that fails a filter for a service stays failed
/// for the rest of that service (ports, resources and counts only grow).
/// </remarks>
public static class Scheduler
{
    /// <summary>Computes where every replica <c>1 .. Scale</c> of the request's services runs.</summary>
    /// <exception cref="ArgumentException">The request is inconsistent (duplicate ids, malformed replica ids, negative scale); the message lists every problem.</exception>
    public static SchedulingResult Schedule(SchedulingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        Validate(request);

        var nodes = request.Nodes
            .OrderBy(n => n.Id.Value, StringComparer.Ordinal)
            .Select((n, i) => new NodeState(n, i))
            .ToArray();
        var nodeIndex = new Dictionary<string, int>(nodes.Length, StringComparer.Ordinal);
        foreach (var node in nodes)
        {
            nodeIndex.Add(node.Node.Id.Value, node.Index);
        }
        var rank = 0;
        foreach (var node in nodes
            .OrderBy(n => n.Node.RecentFailures)
            .ThenBy(n => n.Node.LastFailureAt ?? DateTimeOffset.MinValue)
            .ThenBy(n => n.Index))
        {
            node.Rank = rank++;
        }

        var works = request.Services
            .OrderBy(s => s.Key.App, StringComparer.Ordinal)
            .ThenBy(s => s.Key.Service, StringComparer.Ordinal)
            .Select(s => new ServiceWork(s))
            .ToArray();
        var workByKey = new Dictionary<ServiceKey, ServiceWork>(works.Length);
        foreach (var work in works)
        {
            workByKey.Add(work.Service.Key, work);
        }

        // Replicas of services not being scheduled occupy their node as they are, whatever its state.
        foreach (var placement in request.Placements)
        {
            if (workByKey.TryGetValue(ServiceKey.Of(placement.Replica), out var work))
            {
                // Replica numbers start at 1; the work arrays at 0.
                var index = placement.Replica.Index - 1;
                if (index >= 0 && index < work.Current.Length)
                {
                    work.Current[index] = placement.Node;
                }
            }
            else if (placement.Node is { } node && nodeIndex.TryGetValue(node.Value, out var at))
            {
                nodes[at].Add(placement.Footprint ?? ReplicaFootprint.None);
            }
        }

        Keep(works, nodes, nodeIndex, request.MaxReplicasPerNode);
        var explanations = Place(request, works, nodes);
        return Collect(request.Environment, works, nodes, explanations);
    }

    /// <summary>Keeps each replica on its node when the node is still there, not Down or Drained, and passes every filter.</summary>
    private static void Keep(ServiceWork[] works, NodeState[] nodes, Dictionary<string, int> nodeIndex, int maxReplicasPerNode)
    {
        foreach (var work in works)
        {
            for (var index = 0; index < work.Current.Length; index++)
            {
                if (work.Current[index] is not { } current || !nodeIndex.TryGetValue(current.Value, out var at))
                {
                    continue;
                }
                var node = nodes[at];
                if (node.Node.Status == NodeStatus.Down
                    || node.Node.Availability == NodeAvailability.Drained
                    || !work.SatisfiesConstraints(node.Node)
                    || !Fits(node, work, maxReplicasPerNode, rejected: null))
                {
                    continue;
                }
                Assign(work, index, node);
            }
        }
    }

    /// <summary>Places every replica the keep phase left without a node; returns the explanations of those that found none.</summary>
    private static Dictionary<(ServiceWork, int), string> Place(SchedulingRequest request, ServiceWork[] works, NodeState[] nodes)
    {
        var explanations = new Dictionary<(ServiceWork, int), string>();
        var eligibleBySignature = new Dictionary<string, EligibleNodes>(StringComparer.Ordinal);
        var noNodeReason = nodes.Length == 0 ? $"no node in environment {request.Environment}"
            : !Array.Exists(nodes, n => n.Node.Status == NodeStatus.Ready) ? $"no Ready node in environment {request.Environment}"
            : null;
        var queue = new PriorityQueue<int, (int Same, int Total, int Rank)>();
        var same = new int[nodes.Length];

        foreach (var work in works)
        {
            if (Array.IndexOf(work.Assigned, ServiceWork.Unassigned) < 0)
            {
                continue;
            }
            if (noNodeReason is not null)
            {
                ExplainRemaining(work, noNodeReason, explanations);
                continue;
            }

            if (!eligibleBySignature.TryGetValue(work.ConstraintSignature, out var eligible))
            {
                eligible = FindEligible(work, nodes);
                eligibleBySignature.Add(work.ConstraintSignature, eligible);
            }

            foreach (var (node, count) in work.PerNode)
            {
                same[node] = count;
            }
            queue.Clear();
            queue.EnqueueRange(eligible.Nodes.Select(n => (n, (same[n], nodes[n].Replicas, nodes[n].Rank))));
            foreach (var node in work.PerNode.Keys)
            {
                same[node] = 0;
            }

            var rejected = new RejectionTally();
            for (var index = 0; index < work.Assigned.Length; index++)
            {
                if (work.Assigned[index] != ServiceWork.Unassigned)
                {
                    continue;
                }
                var placed = false;
                while (queue.TryDequeue(out var at, out _))
                {
                    var node = nodes[at];
                    if (!Fits(node, work, request.MaxReplicasPerNode, rejected))
                    {
                        continue;
                    }
                    Assign(work, index, node);
                    queue.Enqueue(at, (work.CountOn(at), node.Replicas, node.Rank));
                    placed = true;
                    break;
                }
                if (!placed)
                {
                    ExplainRemaining(work, eligible.Rejected.Merge(rejected).Render(nodes.Length), explanations);
                    break;
                }
            }
        }
        return explanations;
    }

    /// <summary>Nodes that are Ready, Active and satisfy the constraints; the others counted by the first filter they fail.</summary>
    private static EligibleNodes FindEligible(ServiceWork work, NodeState[] nodes)
    {
        var eligible = new List<int>(nodes.Length);
        var rejected = new RejectionTally();
        foreach (var node in nodes)
        {
            if (node.Node.Status != NodeStatus.Ready)
            {
                rejected.AddStatus(node.Node.Status);
                continue;
            }
            if (node.Node.Availability != NodeAvailability.Active)
            {
                rejected.AddAvailability(node.Node.Availability);
                continue;
            }
            var failed = -1;
            for (var i = 0; i < work.Constraints.Count && failed < 0; i++)
            {
                if (!work.Constraints[i].IsSatisfiedBy(node.Node.Hostname, node.Node.Labels))
                {
                    failed = i;
                }
            }
            if (failed >= 0)
            {
                rejected.AddConstraint(failed, work.Constraints[failed]);
                continue;
            }
            eligible.Add(node.Index);
        }
        return new EligibleNodes([.. eligible], rejected);
    }

    /// <summary>The filters that depend on what the node already holds; records the first that fails.</summary>
    private static bool Fits(NodeState node, ServiceWork work, int maxReplicasPerNode, RejectionTally? rejected)
    {
        if (node.Replicas >= maxReplicasPerNode)
        {
            rejected?.AddNodeMaxReplicas(maxReplicasPerNode);
            return false;
        }
        var service = work.Service;
        if (service.Placement.MaxPerNode is { } perService && work.CountOn(node.Index) >= perService)
        {
            rejected?.AddServiceMaxPerNode(service.Key.Service, perService);
            return false;
        }
        var footprint = service.Footprint;
        if (node.FindPortConflict(footprint.Ports) is { } port)
        {
            rejected?.AddPort(port);
            return false;
        }
        if (node.LacksMemory(footprint.Reservation))
        {
            rejected?.AddMemory(footprint.Reservation.MemoryMb, node.MemoryFree);
            return false;
        }
        if (node.LacksCpu(footprint.Reservation))
        {
            rejected?.AddCpu(footprint.Reservation.CpuShares, node.CpuFree);
            return false;
        }
        return true;
    }

    private static void Assign(ServiceWork work, int index, NodeState node)
    {
        work.Assigned[index] = node.Index;
        work.PerNode[node.Index] = work.CountOn(node.Index) + 1;
        node.Add(work.Service.Footprint);
    }

    private static void ExplainRemaining(ServiceWork work, string reason, Dictionary<(ServiceWork, int), string> explanations)
    {
        for (var index = 0; index < work.Assigned.Length; index++)
        {
            if (work.Assigned[index] == ServiceWork.Unassigned)
            {
                explanations[(work, index)] = string.Create(CultureInfo.InvariantCulture, $"{work.Service.Key.Service}#{index + 1}: {reason}");
            }
        }
    }

    private static SchedulingResult Collect(
        string environment, ServiceWork[] works, NodeState[] nodes, Dictionary<(ServiceWork, int), string> explanations)
    {
        var assignments = new List<ReplicaAssignment>();
        var moves = new List<ReplicaMove>();
        foreach (var work in works)
        {
            var app = new AppKey(environment, work.Service.Key.App);
            for (var index = 0; index < work.Assigned.Length; index++)
            {
                var replica = new ReplicaId(app, work.Service.Key.Service, index + 1);
                var current = work.Current[index];
                NodeId? node = work.Assigned[index] == ServiceWork.Unassigned ? null : nodes[work.Assigned[index]].Node.Id;
                var outcome = node is null ? PlacementOutcome.Unplaced
                    : current is null ? PlacementOutcome.Placed
                    : current == node ? PlacementOutcome.Kept
                    : PlacementOutcome.Moved;
                assignments.Add(new ReplicaAssignment(replica, work.Service.SpecHash, node, outcome, explanations.GetValueOrDefault((work, index))));
                if (current is { } from && from != node)
                {
                    moves.Add(new ReplicaMove(replica, from, node));
                }
            }
        }
        return new SchedulingResult(assignments, moves);
    }

    private static void Validate(SchedulingRequest request)
    {
        var problems = new List<string>();
        if (string.IsNullOrEmpty(request.Environment))
        {
            problems.Add("environment is empty");
        }
        var nodeIds = new HashSet<string>(StringComparer.Ordinal);
        foreach (var node in request.Nodes)
        {
            if (string.IsNullOrEmpty(node.Id.Value))
            {
                problems.Add("a node has an empty id");
            }
            else if (!nodeIds.Add(node.Id.Value))
            {
                problems.Add($"node {node.Id} is listed twice");
            }
        }
        var services = new HashSet<ServiceKey>();
        foreach (var service in request.Services)
        {
            if (!services.Add(service.Key))
            {
                problems.Add($"service {service.Key} is listed twice");
            }
            if (!AppKey.TryCreate(request.Environment, service.Key.App, out _) || !NameRules.IsName(service.Key.Service))
            {
                problems.Add($"service {service.Key} of environment {request.Environment} breaks the naming rules");
            }
            if (service.Scale < 0)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"service {service.Key} has scale {service.Scale}"));
            }
            if (service.Placement.MaxPerNode < 1)
            {
                problems.Add(string.Create(CultureInfo.InvariantCulture, $"service {service.Key} has max {service.Placement.MaxPerNode} replicas per node"));
            }
        }
        var replicas = new HashSet<ReplicaId>();
        foreach (var placement in request.Placements)
        {
            if (placement.Replica == default)
            {
                problems.Add("a placement has no replica id");
            }
            else if (!string.Equals(placement.Replica.App.Environment, request.Environment, StringComparison.Ordinal))
            {
                problems.Add($"replica {placement.Replica} is not in environment {request.Environment}");
            }
            else if (!replicas.Add(placement.Replica))
            {
                problems.Add($"replica {placement.Replica} is listed twice");
            }
        }
        if (problems.Count > 0)
        {
            throw new ArgumentException("invalid scheduling request: " + string.Join("; ", problems), nameof(request));
        }
    }
}
