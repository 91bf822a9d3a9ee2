using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Agent.Status;

/// <summary>
/// The latest status of every replica on this node. Only changes are kept for sending: a replica
/// that changes ten times between two flushes is sent once, with its newest state.
/// </summary>
public sealed class ReplicaStatusBoard(TimeProvider time)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, ReplicaStatus> _latest = new(StringComparer.Ordinal);
    private readonly HashSet<string> _changed = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _servingContainers = new(StringComparer.Ordinal);
    private TaskCompletionSource _signal = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Raised (outside the lock) when a replica's state changes; for logs and tests.</summary>
    public event Action<ReplicaStatus>? Changed;

    /// <summary>Raised (outside the lock) when the container serving a replica changes (the edge follows it).</summary>
    public event Action? ServingChanged;

    /// <summary>Records a replica's state; returns true when it differs from the last one recorded.</summary>
    public bool Report(ReplicaId replica, ReplicaState state, string message, string? containerId, int? exitCode,
        string specHash, int restartCount, ReplicaServing serving, IReadOnlyList<string>? lastLogLines = null)
    {
        var status = new ReplicaStatus
        {
            ReplicaId = replica.Value,
            State = state,
            Message = message,
            ContainerId = containerId ?? "",
            ExitCode = exitCode ?? 0,
            SpecHash = specHash,
            RestartCount = (uint)Math.Max(restartCount, 0),
            ObservedAt = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
            Serving = serving.Serves,
            ServingAddress = serving.Address,
        };
        if (lastLogLines is not null)
        {
            status.LastLogLines.AddRange(lastLogLines);
        }
        bool servingChanged;
        bool changed;
        lock (_gate)
        {
            servingChanged = SetServingContainer(replica.Value, serving.ContainerId);
            changed = !(_latest.TryGetValue(replica.Value, out var previous) && SameState(previous, status));
            if (changed)
            {
                if (lastLogLines is null && previous is not null && previous.State == state)
                {
                    status.LastLogLines.AddRange(previous.LastLogLines);
                }
                _latest[replica.Value] = status;
                _changed.Add(replica.Value);
                _signal.TrySetResult();
            }
        }
        if (servingChanged)
        {
            ServingChanged?.Invoke();
        }
        if (changed)
        {
            Changed?.Invoke(status);
        }
        return changed;
    }

    /// <summary>Forgets a replica that is gone (after reporting its shutdown).</summary>
    public void Forget(ReplicaId replica)
    {
        lock (_gate)
        {
            _latest.Remove(replica.Value);
            _servingContainers.Remove(replica.Value);
        }
    }

    /// <summary>The id of the container that serves <paramref name="replica"/> (by its id text), null when none does or it is unknown.</summary>
    public string? ServingContainer(string replica)
    {
        lock (_gate)
        {
            return _servingContainers.GetValueOrDefault(replica);
        }
    }

    /// <summary>Records the container serving <paramref name="replica"/> ("" = none); true when it changed. Under <c>_gate</c>.</summary>
    private bool SetServingContainer(string replica, string containerId)
    {
        if (_servingContainers.GetValueOrDefault(replica, "") == containerId)
        {
            return false;
        }
        if (containerId.Length == 0)
        {
            _servingContainers.Remove(replica);
        }
        else
        {
            _servingContainers[replica] = containerId;
        }
        return true;
    }

    /// <summary>The statuses that changed since the last call, newest per replica.</summary>
    public IReadOnlyList<ReplicaStatus> TakeChanged()
    {
        lock (_gate)
        {
            var batch = _changed.Select(id => _latest.TryGetValue(id, out var s) ? s : null).OfType<ReplicaStatus>().ToList();
            _changed.Clear();
            _signal = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return batch;
        }
    }

    /// <summary>Marks every known replica as changed, so the next batch carries all (after a reconnect).</summary>
    public void MarkAllChanged()
    {
        lock (_gate)
        {
            _changed.UnionWith(_latest.Keys);
            if (_changed.Count > 0)
            {
                _signal.TrySetResult();
            }
        }
    }

    /// <summary>Completes when something changed since the last <see cref="TakeChanged"/>.</summary>
    public Task WaitForChangeAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _signal.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>Every replica's latest status.</summary>
    public IReadOnlyList<ReplicaStatus> Snapshot()
    {
        lock (_gate)
        {
            return [.. _latest.Values.OrderBy(s => s.ReplicaId, StringComparer.Ordinal)];
        }
    }

    public ReplicaStatus? Get(ReplicaId replica)
    {
        lock (_gate)
        {
            return _latest.GetValueOrDefault(replica.Value);
        }
    }

    private static bool SameState(ReplicaStatus a, ReplicaStatus b) =>
        a.State == b.State && a.Message == b.Message && a.ContainerId == b.ContainerId
        && a.ExitCode == b.ExitCode && a.SpecHash == b.SpecHash && a.RestartCount == b.RestartCount
        && a.Serving == b.Serving && a.ServingAddress == b.ServingAddress;
}
