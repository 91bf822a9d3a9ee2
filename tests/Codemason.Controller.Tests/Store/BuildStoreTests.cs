using Codemason.Controller.Builds;
using Codemason.Controller.Errors;
using Codemason.Controller.Tests.Infrastructure;

namespace Codemason.Controller.Tests.Store;

public sealed class BuildStoreTests
{
    private static readonly AppKey Shop = new("staging", "shop");
    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await StoreHarness.OpenAsync();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task Builds_CreatedThenMovedOn_ListedNewestFirstWithTheirTimes(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        var first = await store.CreateBuildAsync(Shop, "aaaa", "main", "ci", cancellationToken);
        var second = await store.CreateBuildAsync(Shop, "bbbb", "main", "ci", cancellationToken);

        await store.UpdateBuildAsync(first.Id, BuildState.Building, new BuildUpdate(Node: "n1"), cancellationToken);
        var done = await store.UpdateBuildAsync(first.Id, BuildState.Succeeded,
            new BuildUpdate(Images: new Dictionary<string, string> { ["web"] = "r/staging/shop/web:aaaa" }, AppRevision: 4), cancellationToken);

        Assert.That((done.State, done.Node, done.AppRevision, done.Images["web"]), Is.EqualTo((BuildState.Succeeded, "n1", 4L, "r/staging/shop/web:aaaa")));
        Assert.That(done.StartedAt, Is.Not.Null);
        Assert.That(done.FinishedAt, Is.GreaterThanOrEqualTo(done.StartedAt!.Value));
        var listed = await store.ListBuildsAsync("staging", "shop", 10, cancellationToken);
        Assert.That(listed.Select(b => b.Id), Is.EqualTo(new[] { second.Id, first.Id }));
        Assert.That(await store.ListBuildsAsync("production", null, 10, cancellationToken), Is.Empty);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task FailUnfinishedBuilds_AfterARestart_QueuedAndBuildingFail(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        var queued = await store.CreateBuildAsync(Shop, "aaaa", "main", "ci", cancellationToken);
        var done = await store.CreateBuildAsync(Shop, "bbbb", "main", "ci", cancellationToken);
        await store.UpdateBuildAsync(done.Id, BuildState.Succeeded, new BuildUpdate(), cancellationToken);

        Assert.That(await store.FailUnfinishedBuildsAsync("the controller stopped", cancellationToken), Is.EqualTo(1));

        var failed = await store.GetBuildAsync(queued.Id, cancellationToken);
        Assert.That((failed!.State, failed.Error), Is.EqualTo((BuildState.Failed, "the controller stopped")));
        Assert.That((await store.GetBuildAsync(done.Id, cancellationToken))!.State, Is.EqualTo(BuildState.Succeeded));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task SaveGitRemote_SecondTimeWithoutBranch_KeepsTheBranch(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        await store.CreateEnvironmentAsync("staging", cancellationToken);

        var created = await store.SaveGitRemoteAsync(Shop, "release", "admin", cancellationToken);
        var again = await store.SaveGitRemoteAsync(Shop, null, "admin", cancellationToken);

        Assert.That((created.DeployBranch, again.DeployBranch), Is.EqualTo(("release", "release")));
        Assert.That((await store.GetGitRemoteAsync(new AppKey("staging", "blog"), cancellationToken)), Is.Null);
        Assert.That(() => store.SaveGitRemoteAsync(new AppKey("nowhere", "shop"), null, "admin", cancellationToken),
            Throws.InstanceOf<NotFoundException>());
    }
}
