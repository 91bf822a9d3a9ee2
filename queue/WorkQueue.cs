using System.Diagnostics.CodeAnalysis;

namespace Codemason.Queue;

/// <summary>
/// A level-triggered work queue of keys, in the manner of client-go's workqueue: a key waits in the
/// queue at most once, is never handed to two workers at once, and a key added while it is being
/// processed is handed out again after <see cref="Done"/>. Failures requeue with capped, jittered
/// exponential backoff through <see cref="AddRateLimited"/>.
/// </summary>
public sealed class WorkQueue<TKey> : IDisposable where TKey : notnull
{
    /// <summary>First retry delay after a failure.</summary>
    public static readonly TimeSpan DefaultBaseDelay = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest retry delay.</summary>
    public static readonly TimeSpan DefaultMaxDelay = TimeSpan.FromSeconds(30);

    private readonly object _gate = new();
    private readonly Queue<TKey> _queue = new();
    private readonly HashSet<TKey> _queued = [];
    private readonly HashSet<TKey> _processing = [];
    private readonly HashSet<TKey> _dirty = [];
    private readonly Dictionary<TKey, (DateTimeOffset Due, ITimer Timer)> _delayed = [];
    private readonly Dictionary<TKey, int> _failures = [];
    private readonly SemaphoreSlim _available = new(0);
    private readonly TimeProvider _time;
    private readonly TimeSpan _baseDelay;
    private readonly TimeSpan _maxDelay;
    private bool _disposed;

    public WorkQueue(TimeProvider time, TimeSpan? baseDelay = null, TimeSpan? maxDelay = null)
    {
        _time = time;
        _baseDelay = baseDelay ?? DefaultBaseDelay;
        _maxDelay = maxDelay ?? DefaultMaxDelay;
    }

    /// <summary>Keys waiting to be handed out (not counting delayed or in-process ones).</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _queue.Count;
            }
        }
    }

    /// <summary>Queues the key now, unless it already waits.</summary>
    public void Add(TKey key)
    {
        lock (_gate)
        {
            if (_disposed || _queued.Contains(key))
            {
                return;
            }
            if (_processing.Contains(key))
            {
                _dirty.Add(key);
                return;
            }
            Enqueue(key);
        }
    }

    /// <summary>Queues the key after a delay; an earlier pending delay for the key wins.</summary>
    public void AddAfter(TKey key, TimeSpan delay)
    {
        if (delay <= TimeSpan.Zero)
        {
            Add(key);
            return;
        }
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }
            var due = _time.GetUtcNow() + delay;
            if (_delayed.TryGetValue(key, out var pending))
            {
                if (pending.Due <= due)
                {
                    return;
                }
                pending.Timer.Dispose();
            }
            var timer = _time.CreateTimer(OnDelayElapsed, key, delay, Timeout.InfiniteTimeSpan);
            _delayed[key] = (due, timer);
        }
    }

    /// <summary>Queues the key after a backoff that doubles with each call since the last <see cref="Forget"/>.</summary>
    public TimeSpan AddRateLimited(TKey key)
    {
        TimeSpan delay;
        lock (_gate)
        {
            var failures = _failures.TryGetValue(key, out var n) ? n : 0;
            _failures[key] = failures + 1;
            var exponential = _baseDelay.Ticks * Math.Pow(2, Math.Min(failures, 30));
            var capped = Math.Min(exponential, _maxDelay.Ticks);
            // Jitter: 80–120 % so keys that failed together do not retry together.
            var jitter = 0.8 + (Random.Shared.NextDouble() * 0.4);
            delay = TimeSpan.FromTicks((long)(capped * jitter));
        }
        AddAfter(key, delay);
        return delay;
    }

    /// <summary>Clears the key's failure count (call after it was processed successfully).</summary>
    public void Forget(TKey key)
    {
        lock (_gate)
        {
            _failures.Remove(key);
        }
    }

    /// <summary>Waits for a key and marks it as being processed. Call <see cref="Done"/> when finished.</summary>
    public async Task<TKey> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            await _available.WaitAsync(cancellationToken);
            lock (_gate)
            {
                if (_queue.TryDequeue(out var key))
                {
                    _queued.Remove(key);
                    _processing.Add(key);
                    return key;
                }
            }
        }
    }

    /// <summary>Hands out a waiting key without waiting, marked as being processed; false when none waits.</summary>
    public bool TryTake([MaybeNullWhen(false)] out TKey key)
    {
        if (_available.Wait(0))
        {
            lock (_gate)
            {
                if (_queue.TryDequeue(out key))
                {
                    _queued.Remove(key);
                    _processing.Add(key);
                    return true;
                }
            }
        }
        key = default;
        return false;
    }

    /// <summary>Ends processing of a key; a key added meanwhile is queued again.</summary>
    public void Done(TKey key)
    {
        lock (_gate)
        {
            _processing.Remove(key);
            if (_dirty.Remove(key) && !_disposed)
            {
                Enqueue(key);
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            foreach (var (_, timer) in _delayed.Values)
            {
                timer.Dispose();
            }
            _delayed.Clear();
        }
        _available.Dispose();
    }

    private void Enqueue(TKey key)
    {
        _queue.Enqueue(key);
        _queued.Add(key);
        _available.Release();
    }

    private void OnDelayElapsed(object? state)
    {
        var key = (TKey)state!;
        lock (_gate)
        {
            if (_delayed.Remove(key, out var pending))
            {
                pending.Timer.Dispose();
            }
        }
        Add(key);
    }
}
