using Codemason.Controller.Builds;

namespace Codemason.Controller.Tests.Builds;

public sealed class BuildQueueTests
{
    private static readonly AppKey Shop = new("staging", "shop");

    [Test]
    [CancelAfter(5_000)]
    public async Task WaitTurn_SecondBuildOfAnApp_WaitsForTheFirst(CancellationToken cancellationToken)
    {
        var queue = new BuildQueue();
        var first = await queue.WaitTurnAsync(Shop, 1, cancellationToken);

        var second = queue.WaitTurnAsync(Shop, 2, cancellationToken);
        await Task.Delay(50, cancellationToken);
        Assert.That(second.IsCompleted, Is.False, "runs while the first runs");

        first.Dispose();
        (await second).Dispose();
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task WaitTurn_NewerPushWhileOneWaits_TheWaitingOneIsReplaced(CancellationToken cancellationToken)
    {
        var queue = new BuildQueue();
        var running = await queue.WaitTurnAsync(Shop, 1, cancellationToken);
        var waiting = queue.WaitTurnAsync(Shop, 2, cancellationToken);

        var newest = queue.WaitTurnAsync(Shop, 3, cancellationToken);

        var replaced = Assert.ThrowsAsync<BuildSupersededException>(async () => await waiting);
        Assert.That((replaced!.BuildId, replaced.NewerBuildId), Is.EqualTo((2L, 3L)));
        running.Dispose();
        (await newest).Dispose();
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task WaitTurn_OtherApps_DoNotWait(CancellationToken cancellationToken)
    {
        var queue = new BuildQueue();
        using var shop = await queue.WaitTurnAsync(Shop, 1, cancellationToken);

        var blog = queue.WaitTurnAsync(new AppKey("staging", "blog"), 2, cancellationToken);

        Assert.That(blog.IsCompletedSuccessfully, Is.True, "another app's build starts at once");
        (await blog).Dispose();
    }

    [Test]
    [CancelAfter(5_000)]
    public async Task WaitTurn_WaiterCancelled_TheNextPushRunsAfterTheFirst(CancellationToken cancellationToken)
    {
        var queue = new BuildQueue();
        var running = await queue.WaitTurnAsync(Shop, 1, cancellationToken);
        using var gone = new CancellationTokenSource();
        var waiting = queue.WaitTurnAsync(Shop, 2, gone.Token);

        await gone.CancelAsync();

        Assert.That(async () => await waiting, Throws.InstanceOf<OperationCanceledException>());
        running.Dispose();
        (await queue.WaitTurnAsync(Shop, 3, cancellationToken)).Dispose();
    }
}
