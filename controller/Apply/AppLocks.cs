using System.Collections.Concurrent;

namespace Codemason.Controller.Apply;

/// <summary>
/// One async lock per app, so read-modify-write operations on an app (scale, rollback) never interleave with
/// an apply. Locks are never removed: one small semaphore per app ever touched.
/// </summary>
public sealed class AppLocks
{
    private readonly ConcurrentDictionary<AppKey, SemaphoreSlim> _locks = new();

    /// <summary>Waits for the app's lock; dispose the result to release it.</summary>
    public async Task<IDisposable> AcquireAsync(AppKey app, CancellationToken cancellationToken)
    {
        var gate = _locks.GetOrAdd(app, _ => new SemaphoreSlim(1, 1));
        await gate.WaitAsync(cancellationToken);
        return new Releaser(gate);
    }

    private sealed class Releaser(SemaphoreSlim gate) : IDisposable
    {
        private int _released;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _released, 1) == 0)
            {
                gate.Release();
            }
        }
    }
}
