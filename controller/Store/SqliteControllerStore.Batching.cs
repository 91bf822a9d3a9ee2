using System.Collections.Concurrent;

namespace Codemason.Controller.Store;

public sealed partial class SqliteControllerStore
{
    /// <summary>At most this many agent writes share one transaction.</summary>
    private const int MaxBatchedWrites = 256;

    private readonly ConcurrentQueue<BatchedWrite> _batched = new();
    private int _flushing;

    /// <summary>
    /// Group commit for the small, frequent agent writes (status batches, applied revisions): writes that queue up
    /// while another transaction holds the writer run together in one transaction (one fsync, one store revision)
    /// instead of one each. Each keeps its own result. If the shared transaction fails, each write is retried
    /// alone, so one bad write fails only its own caller. A write that arrives alone runs alone, as before.
    /// </summary>
    private async Task<T> WriteBatchedAsync<T>(Func<StoreWriteContext, T> work, CancellationToken cancellationToken)
    {
        var write = new BatchedWrite(context => work(context));
        _batched.Enqueue(write);
        if (Interlocked.CompareExchange(ref _flushing, 1, 0) == 0)
        {
            _ = Task.Run(FlushBatchedAsync, CancellationToken.None);
        }
        return (T)(await write.Done.Task.WaitAsync(cancellationToken))!;
    }

    private async Task FlushBatchedAsync()
    {
        while (true)
        {
            var writes = new List<BatchedWrite>();
            while (writes.Count < MaxBatchedWrites && _batched.TryDequeue(out var next))
            {
                writes.Add(next);
            }
            if (writes.Count == 0)
            {
                Volatile.Write(ref _flushing, 0);
                // A write enqueued after the last TryDequeue but before the flag was cleared found the flag set.
                if (_batched.IsEmpty || Interlocked.CompareExchange(ref _flushing, 1, 0) != 0)
                {
                    return;
                }
                continue;
            }
            List<object?>? results;
            try
            {
                results = await WriteAsync(context => writes.Select(w => w.Work(context)).ToList(), CancellationToken.None);
            }
            catch (Exception) when (writes.Count > 1)
            {
                results = null;
            }
            catch (Exception e)
            {
                writes[0].Done.TrySetException(e);
                continue;
            }
            if (results is not null)
            {
                for (var i = 0; i < writes.Count; i++)
                {
                    writes[i].Done.TrySetResult(results[i]);
                }
                continue;
            }
            foreach (var write in writes)
            {
                try
                {
                    write.Done.TrySetResult(await WriteAsync(write.Work, CancellationToken.None));
                }
                catch (Exception e)
                {
                    write.Done.TrySetException(e);
                }
            }
        }
    }

    private sealed class BatchedWrite(Func<StoreWriteContext, object?> work)
    {
        public Func<StoreWriteContext, object?> Work { get; } = work;

        public TaskCompletionSource<object?> Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}
