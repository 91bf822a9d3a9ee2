namespace Codemason.Controller.Builds;

/// <summary>
/// One build at a time per app, in push order; a newer push replaces a build of the same app still waiting (its
/// commit would be deployed only to be replaced at once). Builds of different apps do not wait for each other.
/// </summary>
public sealed class BuildQueue
{
    private readonly object _gate = new();
    private readonly Dictionary<AppKey, AppLine> _lines = [];

    /// <summary>
    /// Waits for the build's turn; dispose the answer when the build ends. Throws <see cref="BuildSupersededException"/>
    /// when a newer build of the app arrives while this one waits.
    /// </summary>
    public async Task<IDisposable> WaitTurnAsync(AppKey app, long buildId, CancellationToken cancellationToken)
    {
        Waiter waiter;
        lock (_gate)
        {
            if (!_lines.TryGetValue(app, out var line))
            {
                line = new AppLine();
                _lines[app] = line;
            }
            if (line.Running is null)
            {
                line.Running = buildId;
                return new Turn(this, app, buildId);
            }
            line.Waiting?.Completion.TrySetException(new BuildSupersededException(line.Waiting.BuildId, buildId));
            waiter = new Waiter(buildId);
            line.Waiting = waiter;
        }
        using (cancellationToken.Register(() => Leave(app, waiter, cancellationToken)))
        {
            await waiter.Completion.Task;
        }
        return new Turn(this, app, buildId);
    }

    private void Leave(AppKey app, Waiter waiter, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_lines.TryGetValue(app, out var line) && line.Waiting == waiter)
            {
                line.Waiting = null;
            }
        }
        waiter.Completion.TrySetCanceled(cancellationToken);
    }

    private void Release(AppKey app, long buildId)
    {
        lock (_gate)
        {
            if (!_lines.TryGetValue(app, out var line) || line.Running != buildId)
            {
                return;
            }
            if (line.Waiting is { } next)
            {
                line.Waiting = null;
                line.Running = next.BuildId;
                next.Completion.TrySetResult();
            }
            else
            {
                _lines.Remove(app);
            }
        }
    }

    private sealed class AppLine
    {
        public long? Running { get; set; }

        public Waiter? Waiting { get; set; }
    }

    private sealed record Waiter(long BuildId)
    {
        public TaskCompletionSource Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }

    private sealed class Turn(BuildQueue queue, AppKey app, long buildId) : IDisposable
    {
        private int _disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                queue.Release(app, buildId);
            }
        }
    }
}
