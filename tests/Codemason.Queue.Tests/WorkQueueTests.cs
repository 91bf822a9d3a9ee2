using Codemason.Testing;

namespace Codemason.Queue.Tests;

[CancelAfter(5000)]
public sealed class WorkQueueTests
{
    [Test]
    public async Task Add_SameKeyTwice_HandedOutOnce(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<string>(new ManualTimeProvider());
        queue.Add("a");
        queue.Add("a");
        queue.Add("b");

        var first = await queue.TakeAsync(cancellationToken);
        var second = await queue.TakeAsync(cancellationToken);

        Assert.That(new[] { first, second }, Is.EqualTo(new[] { "a", "b" }));
        Assert.That(queue.Count, Is.Zero);
    }

    [Test]
    public async Task Add_WhileProcessing_HandedOutAgainOnlyAfterDone(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<string>(new ManualTimeProvider());
        queue.Add("a");
        var key = await queue.TakeAsync(cancellationToken);

        queue.Add("a");
        Assert.That(queue.Count, Is.Zero, "a key being processed must not be handed to a second worker");

        queue.Done(key);
        Assert.That(queue.Count, Is.EqualTo(1));
        Assert.That(await queue.TakeAsync(cancellationToken), Is.EqualTo("a"));
    }

    [Test]
    public async Task AddAfter_BeforeDue_NotQueued_ThenQueuedWhenClockPasses(CancellationToken cancellationToken)
    {
        var clock = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(10));
        clock.Advance(TimeSpan.FromSeconds(9));
        Assert.That(queue.Count, Is.Zero);

        clock.Advance(TimeSpan.FromSeconds(1));
        Assert.That(queue.Count, Is.EqualTo(1));
        Assert.That(await queue.TakeAsync(cancellationToken), Is.EqualTo("a"));
    }

    [Test]
    public void AddAfter_EarlierDelayWins()
    {
        var clock = new ManualTimeProvider();
        using var queue = new WorkQueue<string>(clock);

        queue.AddAfter("a", TimeSpan.FromSeconds(30));
        queue.AddAfter("a", TimeSpan.FromSeconds(5));
        clock.Advance(TimeSpan.FromSeconds(5));

        Assert.That(queue.Count, Is.EqualTo(1));
        clock.Advance(TimeSpan.FromSeconds(30));
        Assert.That(queue.Count, Is.EqualTo(1), "the later delay must not queue the key a second time");
    }

    [Test]
    public void AddRateLimited_RepeatedFailures_BackOffExponentiallyWithinJitterAndCap()
    {
        using var queue = new WorkQueue<string>(new ManualTimeProvider(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(1));

        var delays = Enumerable.Range(0, 6).Select(_ => queue.AddRateLimited("a")).ToList();

        Assert.That(delays[0].TotalMilliseconds, Is.InRange(80, 120));
        Assert.That(delays[1].TotalMilliseconds, Is.InRange(160, 240));
        Assert.That(delays[2].TotalMilliseconds, Is.InRange(320, 480));
        Assert.That(delays[5].TotalMilliseconds, Is.InRange(800, 1200), "capped at the max delay");
    }

    [Test]
    public void Forget_AfterFailures_ResetsBackoff()
    {
        using var queue = new WorkQueue<string>(new ManualTimeProvider(), TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(10));
        queue.AddRateLimited("a");
        queue.AddRateLimited("a");

        queue.Forget("a");

        Assert.That(queue.AddRateLimited("a").TotalMilliseconds, Is.InRange(80, 120));
    }

    [Test]
    public async Task TakeAsync_ManyWorkers_NeverProcessSameKeyConcurrently(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<int>(TimeProvider.System);
        var inFlight = new System.Collections.Concurrent.ConcurrentDictionary<int, int>();
        var overlaps = 0;
        var processed = 0;
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);

        var workers = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                int key;
                try
                {
                    key = await queue.TakeAsync(stop.Token);
                }
                catch (OperationCanceledException)
                {
                    return;
                }
                if (!inFlight.TryAdd(key, 0))
                {
                    Interlocked.Increment(ref overlaps);
                }
                await Task.Yield();
                inFlight.TryRemove(key, out var _);
                Interlocked.Increment(ref processed);
                queue.Done(key);
            }
        })).ToArray();

        for (var round = 0; round < 200; round++)
        {
            queue.Add(round % 3);
        }
        while (queue.Count > 0)
        {
            await Task.Delay(5, cancellationToken);
        }
        await stop.CancelAsync();
        await Task.WhenAll(workers);

        Assert.That(overlaps, Is.Zero);
        Assert.That(processed, Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task TryTake_HandsOutWaitingKeysWithoutWaiting_ThenFalse(CancellationToken cancellationToken)
    {
        using var queue = new WorkQueue<string>(new ManualTimeProvider());
        queue.Add("a");
        queue.Add("b");

        var first = await queue.TakeAsync(cancellationToken);
        var more = queue.TryTake(out var second);
        var none = queue.TryTake(out _);
        queue.Add("a");
        var again = queue.TryTake(out _);

        Assert.Multiple(() =>
        {
            Assert.That((first, more, second, none), Is.EqualTo(("a", true, "b", false)));
            // "a" is still being processed: it waits until Done.
            Assert.That(again, Is.False);
        });
        queue.Done("a");
        Assert.That(queue.TryTake(out var redo) ? redo : null, Is.EqualTo("a"));
    }
}
