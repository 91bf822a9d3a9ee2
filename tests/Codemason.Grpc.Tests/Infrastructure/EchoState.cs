namespace Codemason.Grpc.Tests.Infrastructure;

/// <summary>What the test handler observed, shared with the tests.</summary>
public sealed class EchoState
{
    private int _active;

    /// <summary>Handlers currently running a "sleep" or "forever" call.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Completes when a long-running handler saw its cancellation token fire.</summary>
    public TaskCompletionSource HandlerCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when a long-running handler started.</summary>
    public TaskCompletionSource HandlerStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Requests the last client-streaming call read.</summary>
    public int ClientStreamRequests { get; set; }

    public void Enter()
    {
        Interlocked.Increment(ref _active);
        HandlerStarted.TrySetResult();
    }

    public void Leave(CancellationToken token)
    {
        Interlocked.Decrement(ref _active);
        if (token.IsCancellationRequested)
        {
            HandlerCancelled.TrySetResult();
        }
    }
}
