using System.Diagnostics;
using Codemason.Controller.Errors;
using Codemason.Controller.Store;
using Codemason.Controller.Telemetry;
using Codemason.Queue;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Reconcile;

/// <summary>
/// The controller's level-triggered loop, as Kubernetes controllers work: a work queue of targets fed by events
/// (an apply, a node joining, going Down, drained or removed) and by a periodic resync of every environment.
/// A pass compares what is declared with what is assigned and with node state, and writes the difference
/// (<see cref="PlacementPass"/>); it is safe to run at any time. A failed pass is queued again with capped,
/// jittered backoff, so "replicas on a Down node" is a condition the loop keeps finding until it is repaired,
/// not an event it must not miss. One worker: the targets waiting when it wakes are handled together, one
/// snapshot per environment, so a thousand agents reconnecting at once cost one or two passes.
/// </summary>
public sealed partial class ControllerReconciler : BackgroundService, IReconciler
{
    private readonly IEnvironmentStore _environments;
    private readonly PlacementPass _pass;
    private readonly ReconcileOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<ControllerReconciler> _logger;
    private readonly WorkQueue<ReconcileTarget> _queue;
    private readonly ReconcileMetrics _metrics;
    private readonly Lock _waitersGate = new();
    private readonly Dictionary<ReconcileTarget, TaskCompletionSource<bool>> _waiters = [];
    private readonly Dictionary<ReconcileTarget, ActivityContext> _origins = [];

    public ControllerReconciler(IEnvironmentStore environments, PlacementPass pass, IOptions<ReconcileOptions> options, TimeProvider time, ILogger<ControllerReconciler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _environments = environments;
        _pass = pass;
        _options = options.Value;
        _time = time;
        _logger = logger;
        // A retry never waits longer than the resync would.
        var maxDelay = _options.RetryMaxDelay < _options.ResyncInterval ? _options.RetryMaxDelay : _options.ResyncInterval;
        _queue = new WorkQueue<ReconcileTarget>(time, _options.RetryBaseDelay < maxDelay ? _options.RetryBaseDelay : maxDelay, maxDelay);
        _metrics = new ReconcileMetrics(() => _queue.Count);
    }

    /// <inheritdoc />
    public void Enqueue(ReconcileTarget target)
    {
        RememberOrigin(target);
        _queue.Add(target);
    }

    /// <inheritdoc />
    public Task<bool> ReconcileAsync(ReconcileTarget target, CancellationToken cancellationToken)
    {
        TaskCompletionSource<bool>? waiter;
        lock (_waitersGate)
        {
            if (!_waiters.TryGetValue(target, out waiter))
            {
                waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
                _waiters.Add(target, waiter);
            }
        }
        Enqueue(target);
        return waiter.Task.WaitAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var resync = ResyncAsync(stoppingToken);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var batch = new List<ReconcileTarget> { await _queue.TakeAsync(stoppingToken) };
                while (batch.Count < _options.MaxBatch && _queue.TryTake(out var more))
                {
                    batch.Add(more);
                }
                foreach (var group in batch.GroupBy(t => t.Environment, StringComparer.Ordinal))
                {
                    await RunAsync(group.Key, [.. group], stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        await resync;
    }

    /// <summary>One pass over an environment for its queued targets; completes their waiters either way.</summary>
    private async Task RunAsync(string environment, IReadOnlyList<ReconcileTarget> targets, CancellationToken cancellationToken)
    {
        var (waiters, origins) = TakeWaiters(targets);
        var started = _time.GetTimestamp();
        try
        {
            var apps = targets.Any(t => t.App is null) ? null : targets.Select(t => t.App!).ToHashSet(StringComparer.Ordinal);
            // The pass continues the trace of a request that asked for it (an apply, a drain), linked to the others.
            using var activity = ControllerTracing.Source.StartActivity(
                "reconcile", ActivityKind.Internal, origins.FirstOrDefault(), links: origins.Skip(1).Select(o => new ActivityLink(o)));
            activity?.SetTag("codemason.environment", environment);
            var result = await _pass.RunAsync(environment, apps, cancellationToken);
            _metrics.Passed(_time.GetElapsedTime(started), result);
            foreach (var target in targets)
            {
                _queue.Forget(target);
            }
            waiters.ForEach(w => w.TrySetResult(true));
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            waiters.ForEach(w => w.TrySetCanceled(cancellationToken));
            throw;
        }
        catch (NotFoundException)
        {
            // The environment is gone: nothing to place, nothing to retry.
            waiters.ForEach(w => w.TrySetResult(false));
        }
        catch (Exception e)
        {
            _metrics.Failed(_time.GetElapsedTime(started));
            var delay = TimeSpan.Zero;
            foreach (var target in targets)
            {
                delay = _queue.AddRateLimited(target);
            }
            LogPassFailed(e, environment, delay);
            waiters.ForEach(w => w.TrySetResult(false));
        }
        finally
        {
            foreach (var target in targets)
            {
                _queue.Done(target);
            }
        }
    }

    /// <summary>Remembers the trace of the first request for a target since its last pass.</summary>
    private void RememberOrigin(ReconcileTarget target)
    {
        if (Activity.Current is { } current)
        {
            lock (_waitersGate)
            {
                _origins.TryAdd(target, current.Context);
            }
        }
    }

    private (List<TaskCompletionSource<bool>> Waiters, List<ActivityContext> Origins) TakeWaiters(IReadOnlyList<ReconcileTarget> targets)
    {
        var waiters = new List<TaskCompletionSource<bool>>();
        var origins = new List<ActivityContext>();
        lock (_waitersGate)
        {
            foreach (var target in targets)
            {
                if (_waiters.Remove(target, out var waiter))
                {
                    waiters.Add(waiter);
                }
                if (_origins.Remove(target, out var origin))
                {
                    origins.Add(origin);
                }
            }
        }
        return (waiters, origins);
    }

    /// <summary>Queues every environment at start and then every <see cref="ReconcileOptions.ResyncInterval"/>.</summary>
    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                try
                {
                    foreach (var environment in await _environments.ListEnvironmentNamesAsync(stoppingToken))
                    {
                        Enqueue(ReconcileTarget.ForEnvironment(environment));
                    }
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    LogResyncFailed(e, _options.ResyncInterval);
                }
                await Task.Delay(_options.ResyncInterval, _time, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }

    public override void Dispose()
    {
        _queue.Dispose();
        _metrics.Dispose();
        base.Dispose();
    }

    [LoggerMessage(EventId = 3310, Level = LogLevel.Warning, Message = "reconciling environment {Environment} failed; retrying in {Delay}")]
    private partial void LogPassFailed(Exception exception, string environment, TimeSpan delay);

    [LoggerMessage(EventId = 3311, Level = LogLevel.Warning, Message = "listing the environments to resync failed; trying again in {Interval}")]
    private partial void LogResyncFailed(Exception exception, TimeSpan interval);
}
