using Codemason.Controller.Store;
using Codemason.Proto.V1;
using Codemason.Queue;

namespace Codemason.Controller.Dispatch;

/// <summary>
/// The level-triggered loop of a <see cref="ISessionStatePublisher"/>: changes of the kinds it follows, a new session
/// (<see cref="Enqueue"/>) and a resync every <see cref="ResyncInterval"/> only queue an environment; one worker takes
/// each queued environment, waits <see cref="SettleDelay"/> so that the changes of one burst travel together, and
/// publishes it. A failed pass is queued again with capped backoff; a change feed that overflowed queues every
/// environment the resync would.
/// </summary>
public abstract partial class EnvironmentPublisher(IChangeFeed feed, TimeProvider time, ILogger logger) : BackgroundService, ISessionStatePublisher
{
    /// <summary>How often every environment of <see cref="EnvironmentsToResyncAsync"/> is published again, whatever happened.</summary>
    public static readonly TimeSpan ResyncInterval = TimeSpan.FromSeconds(30);

    private readonly WorkQueue<string> _queue = new(time, TimeSpan.FromMilliseconds(500), TimeSpan.FromSeconds(10));

    /// <summary>The clock the loop runs on.</summary>
    protected TimeProvider Time { get; } = time;

    /// <inheritdoc />
    public void Enqueue(string environment) => _queue.Add(environment);

    /// <summary>Queues <paramref name="environment"/> once <paramref name="delay"/> has passed (work known to fall due then).</summary>
    protected void EnqueueAfter(string environment, TimeSpan delay) => _queue.AddAfter(environment, delay);

    /// <summary>How long a queued environment waits before it is published; none by default.</summary>
    protected virtual TimeSpan SettleDelay => TimeSpan.Zero;

    /// <summary>What a pass does, in words, for the log ("publishing the network").</summary>
    protected abstract string Work { get; }

    /// <summary>Whether a change of this kind can alter what is published for its environment.</summary>
    protected abstract bool Follows(ResourceKind kind);

    /// <summary>The environments the resync (and an overflowed change feed) queues.</summary>
    protected abstract Task<IEnumerable<string>> EnvironmentsToResyncAsync(CancellationToken cancellationToken);

    /// <summary>One pass: publishes <paramref name="environment"/> to its connected nodes that lack the current state.</summary>
    protected abstract Task PublishAsync(string environment, CancellationToken cancellationToken);

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(FollowAsync(stoppingToken), ResyncAsync(stoppingToken), WorkAsync(stoppingToken));

    public override void Dispose()
    {
        _queue.Dispose();
        base.Dispose();
        GC.SuppressFinalize(this);
    }

    private async Task FollowAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            using var subscription = feed.Subscribe();
            try
            {
                await foreach (var change in subscription.Reader.ReadAllAsync(stoppingToken))
                {
                    if (Follows(change.Kind))
                    {
                        _queue.Add(change.Environment);
                    }
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            catch (ChangeFeedOverflowException)
            {
                LogOverflow(Work);
            }
            await EnqueueResyncAsync(stoppingToken);
        }
    }

    private async Task ResyncAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(ResyncInterval, Time);
        try
        {
            do
            {
                await EnqueueResyncAsync(stoppingToken);
            }
            while (await timer.WaitForNextTickAsync(stoppingToken));
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task EnqueueResyncAsync(CancellationToken cancellationToken)
    {
        try
        {
            foreach (var environment in await EnvironmentsToResyncAsync(cancellationToken))
            {
                _queue.Add(environment);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            LogResyncFailed(Work, e.Message);
        }
    }

    private async Task WorkAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            string environment;
            try
            {
                environment = await _queue.TakeAsync(stoppingToken);
                if (SettleDelay > TimeSpan.Zero)
                {
                    await Task.Delay(SettleDelay, Time, stoppingToken);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return;
            }
            try
            {
                await PublishAsync(environment, stoppingToken);
                _queue.Forget(environment);
            }
            catch (Exception e) when (e is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
            {
                LogFailed(Work, environment, _queue.AddRateLimited(environment), e);
            }
            finally
            {
                _queue.Done(environment);
            }
        }
    }

    [LoggerMessage(EventId = 3400, Level = LogLevel.Warning, Message = "change feed overflowed; {Work} of every environment again")]
    private partial void LogOverflow(string work);

    [LoggerMessage(EventId = 3401, Level = LogLevel.Warning, Message = "{Work} of environment {Environment} failed; retrying in {Delay}")]
    private partial void LogFailed(string work, string environment, TimeSpan delay, Exception exception);

    [LoggerMessage(EventId = 3402, Level = LogLevel.Warning, Message = "listing the environments for {Work} failed: {Reason}")]
    private partial void LogResyncFailed(string work, string reason);
}
