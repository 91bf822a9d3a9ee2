using Codemason.Controller.Errors;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Mortar;

namespace Codemason.Controller.Tests.Catalog;

/// <summary><c>mason add</c> on the controller: an item added to an app as one more service, through a real store.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class AddFromCatalogTests
{
    private const string Shop = """
        { "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "busybox", "scale": 2 } ] }
        """;

    private static readonly Dictionary<string, string> Password = new() { ["REDIS_PASSWORD"] = "pw" };

    [Test]
    public async Task AddFromCatalogAsync_ExistingApp_NewRevisionWithTheServiceAdded(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(catalog: TestItems.Set());
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Shop);
        var key = new AppKey("prod", "shop");

        var outcome = await harness.Coordinator.AddFromCatalogAsync(key, TestItems.Read(TestItems.Redis), null, Password, "tester", cancellationToken);

        var revision = await harness.Store.GetRevisionAsync(key, 0, cancellationToken);
        var app = MortarJson.DeserializeApp(revision!.NormalizedJson);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True);
            Assert.That(outcome.ChangedServices, Is.EqualTo(new[] { "redis" }), "web is left running as it was");
            Assert.That(revision.Number, Is.EqualTo(2UL));
            Assert.That(revision.Reason, Is.EqualTo("add redis"));
            Assert.That(revision.Source, Is.EqualTo(Shop), "the app's mason.json stays what was deployed");
            Assert.That(revision.Answers.Keys, Does.Contain("redis.REDIS_PASSWORD"));
            Assert.That(app.Services.Select(s => (s.Name.Value, s.Image, s.Scale)), Is.EqualTo(new[] { ("web", "busybox", 2), ("redis", "redis:7", 1) }));
            Assert.That(app.Services[1].Environment.Single().Value, Is.EqualTo("pw"));
        });
    }

    [Test]
    public async Task AddFromCatalogAsync_NoSuchApp_MakesIt_UnderTheGivenName(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);

        await harness.Coordinator.AddFromCatalogAsync(new AppKey("prod", "data"), TestItems.Read(TestItems.Redis), "cache", Password, "tester", cancellationToken);

        var revision = await harness.Store.GetRevisionAsync(new AppKey("prod", "data"), 0, cancellationToken);
        Assert.That(revision!.Reason, Is.EqualTo("add redis as cache"));
        Assert.That(MortarJson.DeserializeApp(revision.NormalizedJson).Services.Single().Name.Value, Is.EqualTo("cache"));
    }

    [Test]
    public async Task AddFromCatalogAsync_NameTaken_RefusedSayingHowToNameAnother(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.ApplyAsync("prod", Shop);

        var refused = Assert.ThrowsAsync<AlreadyExistsException>(() =>
            harness.Coordinator.AddFromCatalogAsync(new AppKey("prod", "shop"), TestItems.Read(TestItems.Redis), "web", Password, "tester", cancellationToken));

        Assert.That(refused!.Message, Is.EqualTo(
            "app \"shop\" has a service \"web\" already; pass another name for the redis service (mason add redis --app shop --name NAME)"));
        Assert.That((await harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken))!.Revision, Is.EqualTo(1UL));
    }

    [Test]
    public async Task AddFromCatalogAsync_WithoutTheAnswers_RefusedNamingTheQuestion(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() =>
            harness.Coordinator.AddFromCatalogAsync(new AppKey("prod", "shop"), TestItems.Read(TestItems.Redis), null, new Dictionary<string, string>(), "tester", cancellationToken));

        Assert.That(refused!.Errors.Single().Message, Does.Contain("REDIS_PASSWORD"));
        Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken), Is.Null);
    }
}
