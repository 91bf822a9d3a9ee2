using Codemason.Controller.Api;
using Codemason.Controller.Apply;
using Codemason.Controller.Errors;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Catalog;

/// <summary>Links to services the environment lacks, at apply through the coordinator and a real store, with a catalog of three items.</summary>
[TestFixture]
[CancelAfter(30_000)]
public sealed class FindOrCreateTests
{
    private static string Shop(string link) => $$"""
        {
          "name": "shop",
          "masonVersion": "v1",
          "services": [ { "name": "web", "image": "busybox", "links": ["{{link}}"] } ],
        }
        """;

    private static ApplyCommand Apply(string text, IReadOnlyDictionary<string, string>? answers = null, params string[] create) =>
        new("prod", text, answers ?? new Dictionary<string, string>(), null, null, DryRun: false, Who: "tester")
        {
            CreateFromCatalog = create.ToHashSet(StringComparer.OrdinalIgnoreCase),
        };

    private static async Task<StoreHarness> OpenAsync(CancellationToken cancellationToken)
    {
        var harness = await StoreHarness.OpenAsync(catalog: TestItems.Set());
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        return harness;
    }

    [Test]
    public async Task ApplyAsync_LinkTheCatalogHas_NotAskedFor_RefusedOfferingTheItem(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.Coordinator.ApplyAsync(Apply(Shop("cache")), cancellationToken));

        var error = refused!.Errors.Single();
        Assert.Multiple(async () =>
        {
            Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Catalog));
            Assert.That(error.CatalogItem, Is.EqualTo("redis"));
            Assert.That(error.Path, Is.EqualTo("services[0].links[0]"));
            Assert.That(error.Message, Is.EqualTo(
                "\"cache\" — service \"cache\" is not in environment prod; the catalog item \"redis\" (a key-value store) can create it as app \"redis\" (deploy with --create redis)"));
            var wire = RpcErrorMapper.ToValidationErrors(refused.Errors).Errors.Single();
            Assert.That((wire.Code, wire.CatalogItem), Is.EqualTo(("catalog", "redis")));
            Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken), Is.Null);
            Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "redis"), cancellationToken), Is.Null);
        });
    }

    [Test]
    public async Task ApplyAsync_AskedForWithoutItsAnswers_RefusedNamingTheScopedKeys(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.Coordinator.ApplyAsync(Apply(Shop("pg"), null, "postgres"), cancellationToken));

        var error = refused!.Errors.Single();
        Assert.That((error.Kind, error.CatalogItem), Is.EqualTo((MasonErrorKind.Question, "postgres")));
        Assert.That(error.Message, Does.EndWith("its required questions have no answer: postgres.POSTGRES_PASSWORD"), "POSTGRES_USER has a default");
        Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "postgres"), cancellationToken), Is.Null);
    }

    [Test]
    public async Task ApplyAsync_AskedForWithAnswers_CreatesTheItemsAppFirst_LinkKeepsItsName(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);
        var answers = new Dictionary<string, string> { ["postgres.POSTGRES_PASSWORD"] = "s3cret", ["POSTGRES_USER"] = "shop" };

        var outcome = await harness.Coordinator.ApplyAsync(Apply(Shop("pg"), answers, "pg"), cancellationToken);

        var created = await harness.Store.GetRevisionAsync(new AppKey("prod", "postgres"), 0, cancellationToken);
        var shop = MortarJson.DeserializeApp((await harness.Store.GetRevisionAsync(new AppKey("prod", "shop"), 0, cancellationToken))!.NormalizedJson);
        var database = MortarJson.DeserializeApp(created!.NormalizedJson).Services.Single();
        Assert.Multiple(() =>
        {
            Assert.That(outcome.Changed, Is.True);
            Assert.That(created.Reason, Is.EqualTo("catalog postgres for shop"));
            Assert.That(created.Source, Is.EqualTo(TestItems.Postgres));
            Assert.That(created.Answers["POSTGRES_PASSWORD"], Is.Not.EqualTo("s3cret"), "answers are stored redacted");
            Assert.That(database.Image, Is.EqualTo("postgres:17"));
            Assert.That(database.Environment.Select(e => (e.Name, e.Value)), Is.EqualTo(new[] { ("POSTGRES_PASSWORD", "s3cret"), ("POSTGRES_USER", "shop") }),
                "the scoped answer and the plain one");
            Assert.That(shop.Services.Single().Links.Single(), Is.EqualTo(new LinkSpec(new AppName("postgres"), new ServiceName("postgres"), "pg", LinkResolution.Catalog)));
        });
    }

    [Test]
    public async Task ApplyAsync_ItemRunsAlready_LinkFindsIt_NothingCreatedTwice(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);
        var answers = new Dictionary<string, string> { ["REDIS_PASSWORD"] = "pw" };
        await harness.Coordinator.ApplyAsync(Apply(Shop("redis"), answers, "redis"), cancellationToken);

        var blog = Shop("cache").Replace("\"shop\"", "\"blog\"", StringComparison.Ordinal);
        await harness.Coordinator.ApplyAsync(Apply(blog), cancellationToken);

        var linked = MortarJson.DeserializeApp((await harness.Store.GetRevisionAsync(new AppKey("prod", "blog"), 0, cancellationToken))!.NormalizedJson);
        Assert.That(linked.Services.Single().Links.Single(), Is.EqualTo(new LinkSpec(new AppName("redis"), new ServiceName("redis"), "cache", LinkResolution.Environment)));
        Assert.That((await harness.Store.GetAppAsync(new AppKey("prod", "redis"), cancellationToken))!.Revision, Is.EqualTo(1UL));
    }

    [Test]
    public async Task ApplyAsync_KeywordOfSeveralItems_RefusedListingThem(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);

        var refused = Assert.ThrowsAsync<InvalidMasonJsonException>(() => harness.Coordinator.ApplyAsync(Apply(Shop("database"), null, "database"), cancellationToken));

        var error = refused!.Errors.Single();
        Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Link));
        Assert.That(error.Message, Does.Contain("several catalog items answer to \"database\" (mysql, postgres); link to one of them by name"));
    }

    [Test]
    public async Task ApplyAsync_DryRun_CreatesNothing(CancellationToken cancellationToken)
    {
        using var harness = await OpenAsync(cancellationToken);
        var command = Apply(Shop("redis"), new Dictionary<string, string> { ["REDIS_PASSWORD"] = "pw" }, "redis") with { DryRun = true };

        await harness.Coordinator.ApplyAsync(command, cancellationToken);

        Assert.That(await harness.Store.GetAppAsync(new AppKey("prod", "redis"), cancellationToken), Is.Null);
    }
}
