using Codemason.Identity;
using Codemason.Proto.V1;

namespace Codemason.Cli.Rollout;

/// <summary>
/// Folds replica snapshots (from a list, then a watch) into per-service progress of one rollout. Pure: no
/// I/O, no clock. A replica counts for the rollout when it belongs to a target service and either runs the
/// new app revision or its service did not change; it is ready when it runs with the service's spec hash.
/// </summary>
internal sealed class RolloutTracker
{
    private readonly Dictionary<string, Replica> _replicas = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed;
    private App _target;

    public RolloutTracker(App target, IEnumerable<string> changedServices)
    {
        ArgumentNullException.ThrowIfNull(target);
        _target = target;
        _changed = new HashSet<string>(changedServices ?? [], StringComparer.Ordinal);
    }

    public App Target => _target;

    /// <summary>Set by the follower when the wait ran out.</summary>
    public bool TimedOut { get; set; }

    /// <summary>Records a replica's latest state; true when anything shown about it changed.</summary>
    public bool Observe(Replica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        if (replica.App != _target.Name || replica.Environment != _target.Environment)
        {
            return false;
        }
        if (_replicas.TryGetValue(replica.Id, out var previous) && !Differs(previous, replica))
        {
            _replicas[replica.Id] = replica;
            return false;
        }
        _replicas[replica.Id] = replica;
        return Counts(replica) || (previous is not null && Counts(previous));
    }

    /// <summary>Forgets a deleted replica; true when it counted.</summary>
    public bool Remove(Replica replica)
    {
        ArgumentNullException.ThrowIfNull(replica);
        return _replicas.Remove(replica.Id, out var previous) && Counts(previous);
    }

    /// <summary>Takes the app's unplaced reasons (and scale) when it is still the revision being followed.</summary>
    public void ObserveApp(App app)
    {
        ArgumentNullException.ThrowIfNull(app);
        if (app.Name == _target.Name && app.Environment == _target.Environment && app.Revision == _target.Revision)
        {
            _target = app;
        }
    }

    public IReadOnlyList<ServiceProgress> Services =>
        [.. _target.Services.Select(service =>
        {
            var replicas = _replicas.Values
                .Where(r => r.Service == service.Name && Counts(r))
                .OrderBy(r => r.Index)
                .ToList();
            return new ServiceProgress(service.Name, (int)service.Scale, replicas.Count(r => IsReady(r, service)), replicas, [.. service.Unplaced]);
        })];

    /// <summary>The first failed replica of the rollout, if any.</summary>
    public Replica? Failure =>
        _replicas.Values.Where(r => Counts(r) && r.State == ReplicaState.Failed).OrderBy(r => r.Id, StringComparer.Ordinal).FirstOrDefault();

    public RolloutOutcome Outcome =>
        Failure is not null ? RolloutOutcome.Failed
        : Services.All(s => s.IsDone) ? RolloutOutcome.Succeeded
        : RolloutOutcome.InProgress;

    private bool Counts(Replica replica)
    {
        var service = _target.Services.FirstOrDefault(s => s.Name == replica.Service);
        return service is not null
            && replica.State != ReplicaState.Shutdown
            && (replica.AppRevision >= _target.Revision || !_changed.Contains(service.Name));
    }

    /// <summary>Running with the service's spec hash; a hash not known (yet) on either side does not hold it back.</summary>
    private static bool IsReady(Replica replica, Service service) =>
        replica.State == ReplicaState.Running
        && (!SpecHash.TryParse(replica.SpecHash, out var running) || !SpecHash.TryParse(service.SpecHash, out var wanted) || running == wanted);

    private static bool Differs(Replica a, Replica b) =>
        a.State != b.State || a.Message != b.Message || a.Explanation != b.Explanation || a.NodeId != b.NodeId
        || a.AppRevision != b.AppRevision || a.RestartCount != b.RestartCount;
}
