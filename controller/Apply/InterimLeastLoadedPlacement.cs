using System.Globalization;
using Codemason.Controller.Store;
using Codemason.Proto.V1;

namespace Codemason.Controller.Apply;

/// <summary>
/// INTERIM stand-in for the scheduler: puts each pending replica (and each replica on a DRAINED node) on the
/// Ready, ACTIVE node of its environment with the fewest replicas (ties by node id). No constraints, ports or
/// resources. When no node qualifies, the replica stays pending with an explanation. Replaced by the real
/// scheduler in <c>controller/Scheduling/</c>.
/// </summary>
public sealed class InterimLeastLoadedPlacement(IControllerStore store) : IPlacementService, IDisposable
{
    // One plan at a time: two concurrent plans would both place the same pending replica.
    private readonly SemaphoreSlim _gate = new(1, 1);

    public async Task PlaceAsync(string environment, CancellationToken cancellationToken)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var snapshot = await store.GetPlacementSnapshotAsync(environment, cancellationToken);
            var eligible = snapshot.Nodes
                .Where(n => n.Status == NodeStatus.Ready && n.Availability == NodeAvailability.Active)
                .ToDictionary(n => n.Id, n => (int)n.ReplicaCount, StringComparer.Ordinal);
            var drained = snapshot.Nodes.Where(n => n.Availability == NodeAvailability.Drained).Select(n => n.Id).ToHashSet(StringComparer.Ordinal);
            var decisions = new List<PlacementDecision>();
            foreach (var replica in snapshot.Replicas.Where(r => r.Node is null || drained.Contains(r.Node.Value.Value)))
            {
                if (eligible.Count == 0)
                {
                    decisions.Add(PlacementDecision.Pending(replica.Id, Explain(snapshot)));
                    continue;
                }
                var target = eligible.OrderBy(e => e.Value).ThenBy(e => e.Key, StringComparer.Ordinal).First().Key;
                eligible[target]++;
                decisions.Add(PlacementDecision.On(replica.Id, NodeId.Parse(target)));
            }
            if (decisions.Count > 0)
            {
                await store.SetPlacementsAsync(decisions, cancellationToken);
            }
        }
        finally
        {
            _gate.Release();
        }
    }

    private static string Explain(PlacementSnapshot snapshot)
    {
        if (snapshot.Nodes.Count == 0)
        {
            return $"no node has joined environment {snapshot.Environment}";
        }
        var reasons = snapshot.Nodes
            .GroupBy(n => n.Status != NodeStatus.Ready ? $"{Name(n.Status)}" : Name(n.Availability))
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Count()} {g.Key}"));
        return string.Create(CultureInfo.InvariantCulture, $"{snapshot.Nodes.Count} node{(snapshot.Nodes.Count == 1 ? "" : "s")}, none Ready and active: {string.Join(", ", reasons)}");
    }

    private static string Name(NodeStatus status) => status switch
    {
        NodeStatus.Down => "down",
        NodeStatus.Unknown => "unknown",
        _ => "not ready",
    };

    private static string Name(NodeAvailability availability) => availability switch
    {
        NodeAvailability.Cordoned => "cordoned",
        NodeAvailability.Drained => "drained",
        _ => "unavailable",
    };

    public void Dispose() => _gate.Dispose();
}
