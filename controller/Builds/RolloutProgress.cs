using Codemason.Proto.V1;

namespace Codemason.Controller.Builds;

/// <summary>
/// Where the rollout of an app revision stands (pure), for the push that deployed it: done when every changed service
/// runs its scale in replicas of the revision (or newer) whose containers have the service's spec hash (a replica's
/// revision moves on when it is assigned, before its old container is replaced); failed when one of those replicas failed.
/// </summary>
public sealed class RolloutProgress(App target, IReadOnlyCollection<string> changedServices)
{
    private readonly Dictionary<string, string> _shown = new(StringComparer.Ordinal);

    /// <summary>True once every changed service runs.</summary>
    public bool Done { get; private set; }

    /// <summary>The first failure seen ("web#2 failed on node-a: …"), or null.</summary>
    public string? Failure { get; private set; }

    /// <summary>Folds in the app's replicas; returns the lines to show for what changed since the last call.</summary>
    public IReadOnlyList<string> Observe(IEnumerable<Replica> replicas)
    {
        ArgumentNullException.ThrowIfNull(replicas);
        var lines = new List<string>();
        var ofRevision = replicas
            .Where(r => changedServices.Contains(r.Service) && r.AppRevision >= target.Revision)
            .OrderBy(r => r.Service, StringComparer.Ordinal).ThenBy(r => r.Index)
            .ToList();
        foreach (var replica in ofRevision)
        {
            var service = target.Services.FirstOrDefault(s => s.Name == replica.Service);
            var state = service is not null && replica.State == ReplicaState.Running && !IsReady(replica, service)
                ? "replacing its container" + (replica.NodeId.Length > 0 ? $" on {replica.NodeId}" : "")
                : Describe(replica);
            if (!_shown.TryGetValue(replica.Id, out var before) || before != state)
            {
                _shown[replica.Id] = state;
                lines.Add($"{replica.Service}#{replica.Index} {state}");
            }
            if (replica.State == ReplicaState.Failed && Failure is null)
            {
                Failure = $"{replica.Service}#{replica.Index} failed: {(replica.Message.Length > 0 ? replica.Message : replica.Explanation)}";
            }
        }
        Done = target.Services.Where(s => changedServices.Contains(s.Name)).All(service =>
            ofRevision.Count(r => r.Service == service.Name && IsReady(r, service)) >= service.Scale);
        return lines;
    }

    private static bool IsReady(Replica replica, Service service) =>
        replica.State == ReplicaState.Running && (replica.SpecHash.Length == 0 || service.SpecHash.Length == 0 || replica.SpecHash == service.SpecHash);

    private static string Describe(Replica replica)
    {
        var state = replica.State.ToString().ToLowerInvariant();
        var where = replica.NodeId.Length > 0 ? $" on {replica.NodeId}" : "";
        var detail = replica.State is ReplicaState.Pending or ReplicaState.Failed && (replica.Message.Length > 0 || replica.Explanation.Length > 0)
            ? $": {(replica.Message.Length > 0 ? replica.Message : replica.Explanation)}"
            : "";
        return state + where + detail;
    }
}
