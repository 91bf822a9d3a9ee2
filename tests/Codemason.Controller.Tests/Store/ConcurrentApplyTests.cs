using Codemason.Controller.Tests.Infrastructure;

namespace Codemason.Controller.Tests.Store;

public sealed class ConcurrentApplyTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task ApplyAsync_ManyConcurrentDifferentApplies_EachGetsItsOwnRevisionAndNoneIsLost(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.RevisionsPerApp = 100);
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        const int Count = 16;

        var outcomes = await Task.WhenAll(Enumerable.Range(1, Count).Select(i =>
            Task.Run(() => harness.ApplyAsync("prod", MasonSamples.Shop(webImage: $"web:{i}")), cancellationToken)));

        var revisions = await harness.Store.ListRevisionsAsync(new AppKey("prod", "shop"), cancellationToken);
        var app = await harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken);
        var last = outcomes.MaxBy(o => o.StoreRevision)!;
        Assert.Multiple(() =>
        {
            Assert.That(outcomes.Select(o => o.App.Revision).Order(), Is.EqualTo(Enumerable.Range(1, Count).Select(i => (ulong)i)));
            Assert.That(revisions, Has.Count.EqualTo(Count));
            Assert.That(app!.Revision, Is.EqualTo((ulong)Count));
            // The last writer's model is the current one.
            Assert.That(app.Services.Single(s => s.Name == "web").Image, Is.EqualTo(last.App.Services.Single(s => s.Name == "web").Image));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task ScaleAsync_ConcurrentWithApplies_NoUpdateIsLost(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(o => o.RevisionsPerApp = 100);
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1, webImage: "web:0"));
        var key = new AppKey("prod", "shop");

        // Scales of db (untouched by the applies) interleave with applies that change web's image.
        var work = new List<Task>();
        for (var i = 1; i <= 6; i++)
        {
            var image = $"web:{i}";
            var scale = i + 1;
            work.Add(Task.Run(() => harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1, webImage: image)), cancellationToken));
            work.Add(Task.Run(() => harness.Coordinator.ScaleAsync(key, "web", scale, "tester", cancellationToken), cancellationToken));
        }
        await Task.WhenAll(work);

        var revisions = await harness.Store.ListRevisionsAsync(key, cancellationToken);
        var numbers = revisions.Select(r => r.Number).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(numbers, Is.Unique);
            Assert.That(numbers, Is.EqualTo(Enumerable.Range(1, numbers.Count).Reverse().Select(i => (ulong)i)), "revisions are contiguous");
            Assert.That(revisions.Count(r => r.Reason.StartsWith("scale web=", StringComparison.Ordinal)), Is.EqualTo(6), "every scale made a revision");
        });
    }
}
