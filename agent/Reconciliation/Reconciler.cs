using System.Collections.Concurrent;
using System.Diagnostics;
using Codemason.Agent.Assignments;
using Codemason.Agent.Engine;
using Codemason.Queue;
using Codemason.Agent.Status;
using Codemason.Agent.Telemetry;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Logs;
using Codemason.Proto.V1;
using Codemason.Telemetry.Tracing;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Reconciliation;

/// <summary>
/// Keeps the engine matching the assignment book. Level-triggered: assignment changes, engine
/// events and the periodic re-list only put keys on the queue; workers take keys, observe, plan
/// (pure) and execute. A key is never worked on twice at once; failures requeue with backoff.
/// </summary>
public sealed partial class Reconciler : IDisposable
{
    private readonly EngineObserver _observer;
    private readonly ActionExecutor _executor;
    private readonly ReplicaStatusBoard _status;
    private readonly IDockerClient _docker;
    private readonly TimeProvider _time;
    private readonly AgentMetrics _metrics;
    private readonly ILogger<Reconciler> _logger;
    private readonly WorkQueue<ReconcileKey> _queue;
    private readonly ConcurrentDictionary<ReplicaId, ReplicaMemory> _histories = new();
    private readonly ConcurrentDictionary<ReplicaId, string> _traces = new();
    private readonly NodeScope _node;
    private readonly Overlay.OverlayService? _overlay;
    private AssignmentBook _book = AssignmentBook.Empty;
    private long _lastResyncTicks;
    private long _resyncCount;

    public Reconciler(IDockerClient docker, EngineObserver observer, ActionExecutor executor, ReplicaStatusBoard status,
        TimeProvider time, ILogger<Reconciler> logger, AgentMetrics metrics, NodeScope node, Overlay.OverlayService? overlay = null)
    {
        _overlay = overlay;
        _node = node;
        _metrics = metrics;
        _docker = docker;
        _observer = observer;
        _executor = executor;
        _status = status;
        _time = time;
        _logger = logger;
        _queue = new WorkQueue<ReconcileKey>(time);
    }

    /// <summary>The assignments being enforced.</summary>
    public AssignmentBook Book => Volatile.Read(ref _book);

    /// <summary>When the last full re-list completed.</summary>
    public DateTimeOffset LastResync => new(Interlocked.Read(ref _lastResyncTicks), TimeSpan.Zero);

    /// <summary>The newest revision of the book whose removals are done; the session reports it to the controller.</summary>
    public SettledRevision Settled { get; } = new();

    /// <summary>Full re-lists completed since start.</summary>
    public long ResyncCount => Interlocked.Read(ref _resyncCount);

    /// <summary>
    /// Replaces the book and queues every replica whose assignment changed. Their next reconcile spans continue
    /// <paramref name="traceparent"/> (the controller's dispatch of the set), when given.
    /// </summary>
    public void SetAssignments(AssignmentBook book, IEnumerable<ReplicaId> changedReplicaIds, string? traceparent = null)
    {
        var before = Volatile.Read(ref _book);
        Volatile.Write(ref _book, book);
        foreach (var id in changedReplicaIds)
        {
            if (!string.IsNullOrEmpty(traceparent))
            {
                _traces[id] = traceparent;
            }
            _queue.Add(ReconcileKey.ForReplica(id));
        }
        foreach (var app in book.DeletedApps.Except(before.DeletedApps))
        {
            _queue.Add(ReconcileKey.ForApp(app));
        }
        // A set that removes nothing here is settled at once; one that does, when its last removal is done.
        _queue.Add(ReconcileKey.Settle);
    }

    /// <summary>Queues a full re-list.</summary>
    public void RequestResync() => _queue.Add(ReconcileKey.Resync);

    /// <summary>Queues one replica (an engine event concerned it).</summary>
    public void Touch(ReplicaId replica) => _queue.Add(ReconcileKey.ForReplica(replica));

    /// <summary>The network cache is stale (a network was removed behind the agent's back).</summary>
    public void NetworksChanged()
    {
        _executor.ForgetNetworks();
        _queue.Add(ReconcileKey.Resync);
    }

    /// <summary>Runs <paramref name="workers"/> workers until cancelled.</summary>
    public Task RunAsync(int workers, CancellationToken cancellationToken) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(_ => WorkAsync(cancellationToken)));

    public void Dispose() => _queue.Dispose();

    private async Task WorkAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            ReconcileKey key;
            try
            {
                key = await _queue.TakeAsync(cancellationToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
            var started = _time.GetTimestamp();
            using var activity = StartSpan(key);
            using var scope = key.Kind == ReconcileKeyKind.Replica ? BeginReplicaScope(key.Replica) : null;
            try
            {
                await ProcessAsync(key, cancellationToken);
                _queue.Forget(key);
                var elapsed = _time.GetElapsedTime(started);
                _metrics.Reconciled(key.Kind, elapsed);
                if (_logger.IsEnabled(LogLevel.Debug))
                {
                    LogProcessed(key, elapsed);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RetryLaterException ex)
            {
                var delay = _queue.AddRateLimited(key);
                _metrics.Failed("retry_later");
                LogRetryLater(key, ex.Message, delay);
            }
            catch (DockerEngineUnavailableException ex)
            {
                var delay = _queue.AddRateLimited(key);
                _metrics.Failed("engine_unavailable");
                LogEngineUnavailable(key, ex.Message, delay);
            }
            catch (Exception ex) when (ex is DockerException or ActionFailedException or HttpRequestException or IOException)
            {
                var delay = _queue.AddRateLimited(key);
                _metrics.Failed("engine_error");
                if (key.Kind == ReconcileKeyKind.Replica)
                {
                    ReportFailure(key.Replica, ex.Message);
                }
                LogActionFailed(key, ex.Message, delay);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // A bug must not kill the worker: log it whole and retry the key later.
                var delay = _queue.AddRateLimited(key);
                _metrics.Failed("unexpected");
                LogUnexpected(ex, key, delay);
            }
            finally
            {
                _queue.Done(key);
            }
        }
    }

    /// <summary>A <c>reconcile replica</c> span, the child of the dispatch that changed the replica's assignment (once).</summary>
    private Activity? StartSpan(ReconcileKey key)
    {
        if (key.Kind != ReconcileKeyKind.Replica)
        {
            return null;
        }
        var parent = _traces.TryRemove(key.Replica, out var traceparent) ? TraceContext.Parse(traceparent) : default;
        var activity = Telemetry.AgentTracing.Source.StartActivity("reconcile replica", ActivityKind.Internal, parent);
        activity?.SetTag("codemason.replica", key.Replica.Value);
        return activity;
    }

    /// <summary>Everything logged while a replica is reconciled carries its node, app and replica.</summary>
    private IDisposable? BeginReplicaScope(ReplicaId replica)
    {
        return _logger.BeginScope(new Dictionary<string, object>
        {
            ["Node"] = _node.ResolvedNodeName ?? "",
            ["App"] = replica.App.ToString(),
            ["Replica"] = replica.Value,
        });
    }

    private Task ProcessAsync(ReconcileKey key, CancellationToken cancellationToken) => key.Kind switch
    {
        ReconcileKeyKind.Replica => ReconcileReplicaAsync(key.Replica, cancellationToken),
        ReconcileKeyKind.App => ReconcileAppAsync(key.App, cancellationToken),
        ReconcileKeyKind.Settle => SettleAsync(cancellationToken),
        _ => ResyncAsync(cancellationToken),
    };

    /// <summary>The replica <paramref name="assignment"/> asks for, at its address only when this node is on the overlay.</summary>
    private DesiredReplica Desired(ReplicaAssignment assignment) => DesiredReplica.From(assignment, _overlay?.InUse == true);

    private async Task ReconcileReplicaAsync(ReplicaId replica, CancellationToken cancellationToken)
    {
        var book = Book;
        var desired = book.Replicas.TryGetValue(replica, out var assignment) ? Desired(assignment) : null;
        var history = _histories.GetValueOrDefault(replica, ReplicaMemory.None);
        var containers = await ProbeAsync(desired, await _observer.ReplicaAsync(replica, cancellationToken), cancellationToken);
        var plan = ReplicaPlanner.Plan(desired, containers, history, _time.GetUtcNow());
        _histories[replica] = plan.History;

        await ReportAsync(replica, desired, plan, cancellationToken);
        if (desired is null && plan.IsNoOp)
        {
            _histories.TryRemove(replica, out _);
            _status.Forget(replica);
            _queue.Add(ReconcileKey.Settle);
            return;
        }

        if (plan.Actions.OfType<RunContainer>().Select(run => HostPolicyCheck.Refuse(book.Policy, run.Replica)).FirstOrDefault(r => r is not null) is { } refusal)
        {
            // Checked again here, whatever the controller checked: reported as the replica's failure, nothing is made.
            throw new ActionFailedException(refusal);
        }
        string? created = null;
        foreach (var action in plan.Actions)
        {
            LogAction(replica.Value, action);
            created = await _executor.ExecuteAsync(action, cancellationToken) ?? created;
        }

        if (plan.RecheckAfter is { } recheck)
        {
            _queue.AddAfter(ReconcileKey.ForReplica(replica), recheck);
        }
        if (!plan.IsNoOp)
        {
            // Level-triggered: look again until the plan is empty (e.g. start-first removes the old one next).
            _queue.Add(ReconcileKey.ForReplica(replica));
            if (desired is null)
            {
                _queue.Add(ReconcileKey.ForApp(replica.App));
            }
        }
        if (created is not null && desired is not null)
        {
            _status.Report(replica, ReplicaState.Starting, "started", created, null, desired.SpecHash.Value, plan.History.RestartCount, Serving(desired, plan));
        }
    }

    /// <summary>
    /// While a drained replica without a health check has more than one container, whether each running one of its spec
    /// accepts connections on its port (<see cref="PortProbe"/>): the old container keeps serving until the new one does.
    /// </summary>
    private static async Task<IReadOnlyList<ObservedContainer>> ProbeAsync(
        DesiredReplica? desired, IReadOnlyList<ObservedContainer> containers, CancellationToken cancellationToken)
    {
        if (desired is not { Drain.Ticks: > 0, HasHealthCheck: false, ProbePort: { } port } || containers.Count < 2)
        {
            return containers;
        }
        var probed = new List<ObservedContainer>(containers.Count);
        foreach (var container in containers)
        {
            probed.Add(container is { State: ContainerRunState.Running, NetworkAddress: { } address } && desired.SpecHash.Matches(container.SpecHash)
                ? container with { Listening = await PortProbe.AcceptsAsync(address, port, cancellationToken) }
                : container);
        }
        return probed;
    }

    private async Task ReportAsync(ReplicaId replica, DesiredReplica? desired, ReplicaPlan plan, CancellationToken cancellationToken)
    {
        var specHash = desired?.SpecHash.Value ?? "";
        var previous = _status.Get(replica);
        IReadOnlyList<string>? lastLines = null;
        var newFailure = plan.State == ReplicaState.Failed && plan.ContainerId is not null
            && (previous is null || previous.State != ReplicaState.Failed || previous.ContainerId != plan.ContainerId || previous.ExitCode != plan.ExitCode);
        if (newFailure)
        {
            lastLines = await LastLinesAsync(plan.ContainerId!, cancellationToken);
        }
        if (_status.Report(replica, plan.State, plan.Message, plan.ContainerId, plan.ExitCode, specHash, plan.History.RestartCount, Serving(desired, plan), lastLines))
        {
            LogState(replica.Value, plan.State, plan.Message);
        }
    }

    private async Task<IReadOnlyList<string>> LastLinesAsync(string containerId, CancellationToken cancellationToken)
    {
        try
        {
            var output = await _docker.Containers.GetLogsAsync(containerId, new LogsOptions { Tail = 20 }, cancellationToken);
            return (output.Stdout + output.Stderr).Split('\n', StringSplitOptions.RemoveEmptyEntries).TakeLast(20).ToList();
        }
        catch (DockerException)
        {
            return [];
        }
    }

    private void ReportFailure(ReplicaId replica, string message)
    {
        var previous = _status.Get(replica);
        // A failed action leaves whatever served serving (an old container kept while its replacement starts).
        var serving = _status.ServingContainer(replica.Value) is { } id ? new ReplicaServing(id, previous?.ServingAddress ?? "") : ReplicaServing.None;
        _status.Report(replica, ReplicaState.Failed, message, previous?.ContainerId, null, previous?.SpecHash ?? "", (int)(previous?.RestartCount ?? 0), serving);
    }

    /// <summary>What serves after <paramref name="plan"/>, with its overlay address when the replica has one.</summary>
    private static ReplicaServing Serving(DesiredReplica? desired, ReplicaPlan plan) =>
        plan.Serving is { } container && desired is not null
            ? new ReplicaServing(container.Id, desired.HasAddress ? container.OverlayAddress ?? "" : "")
            : ReplicaServing.None;

    private async Task ReconcileAppAsync(AppKey app, CancellationToken cancellationToken)
    {
        var book = Book;
        var snapshot = await _observer.SnapshotAsync(cancellationToken);
        var actions = PlanApp(app, book, snapshot);
        foreach (var action in actions)
        {
            LogAction(app.ToString(), action);
            await _executor.ExecuteAsync(action, cancellationToken);
        }
    }

    /// <summary>Reports the book's revision as settled once no container of a replica it does not hold is left.</summary>
    private async Task SettleAsync(CancellationToken cancellationToken)
    {
        var book = Book;
        if (SettledRevision.Holds(book, await _observer.ReplicasWithContainersAsync(cancellationToken)))
        {
            Settled.Report(book.Revision);
        }
    }

    private async Task ResyncAsync(CancellationToken cancellationToken)
    {
        var book = Book;
        var snapshot = await _observer.SnapshotAsync(cancellationToken);
        var now = _time.GetUtcNow();
        var replicas = new HashSet<ReplicaId>(book.Replicas.Keys);
        replicas.UnionWith(snapshot.Containers.Keys);
        foreach (var replica in replicas)
        {
            var desired = book.Replicas.TryGetValue(replica, out var assignment) ? Desired(assignment) : null;
            var containers = snapshot.Containers.GetValueOrDefault(replica, []);
            var history = _histories.GetValueOrDefault(replica, ReplicaMemory.None);
            var plan = ReplicaPlanner.Plan(desired, containers, history, now);
            if (!plan.IsNoOp || plan.RecheckAfter is not null || history.ConsecutiveFailures > 0)
            {
                _queue.Add(ReconcileKey.ForReplica(replica));
            }
            else if (desired is not null)
            {
                await ReportAsync(replica, desired, plan, cancellationToken);
            }
        }
        var apps = new HashSet<AppKey>(snapshot.Networks);
        apps.UnionWith(snapshot.Volumes.Keys);
        apps.UnionWith(book.DeletedApps);
        foreach (var app in apps)
        {
            if (PlanApp(app, book, snapshot).Count > 0)
            {
                _queue.Add(ReconcileKey.ForApp(app));
            }
        }
        Interlocked.Exchange(ref _lastResyncTicks, _time.GetUtcNow().UtcTicks);
        Interlocked.Increment(ref _resyncCount);
    }

    private static IReadOnlyList<ReplicaAction> PlanApp(AppKey app, AssignmentBook book, EngineSnapshot snapshot)
    {
        var hasDesired = book.Replicas.Keys.Any(r => r.App == app);
        var deleted = book.DeletedApps.Contains(app) && !hasDesired;
        var containers = snapshot.Containers.Where(p => p.Key.App == app).Sum(p => p.Value.Count);
        return AppPlanner.Plan(app, hasDesired, deleted, snapshot.Networks.Contains(app),
            snapshot.Volumes.GetValueOrDefault(app, []), containers);
    }
}
