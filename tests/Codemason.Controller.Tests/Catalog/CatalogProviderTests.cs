using Codemason.Controller.Catalog;
using Codemason.Controller.Git;
using Codemason.Controller.Hosting;
using Codemason.Testing.Git;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Catalog;

/// <summary>The catalog's sources: the built-in items, a folder, and a real git repository fetched with the real git.</summary>
[TestFixture]
[CancelAfter(60_000)]
public sealed class CatalogProviderTests
{
    private static CatalogProvider Provider(string data, string? sources, bool builtIn = false) => new(
        Options.Create(new CatalogOptions { BuiltIn = builtIn, Sources = sources }),
        Options.Create(new ControllerOptions { DataDirectory = data }),
        Options.Create(new GitOptions()),
        NullLogger<CatalogProvider>.Instance);

    [Test]
    public void New_Folder_ItsJsonFilesAndSubfolderMasonJson_ABrokenFileIsAProblem()
    {
        using var data = new TempDirectory();
        using var folder = new TempDirectory();
        File.WriteAllText(folder.File("redis.json"), TestItems.Redis);
        Directory.CreateDirectory(folder.File("postgres"));
        File.WriteAllText(Path.Combine(folder.File("postgres"), "mason.json"), TestItems.Postgres);
        File.WriteAllText(folder.File("broken.json"), "{ \"masonVersion\": \"v1\", ");

        using var provider = Provider(data.Path, folder.Path);

        Assert.That(provider.Current.Items.Select(i => (i.Name, i.Source)), Is.EqualTo(new[] { ("postgres", folder.Path), ("redis", folder.Path) }));
        Assert.That(provider.Current.Problems.Single(), Does.StartWith($"{folder.Path}: broken.json is not a catalog item: "));
    }

    [Test]
    public async Task RefreshAsync_GitRepository_ClonedThenFetched_AnUnreachableOneKeepsNothingAndSaysWhy(CancellationToken cancellationToken)
    {
        using var data = new TempDirectory();
        using var home = new TempDirectory();
        using var repository = new TempDirectory();
        var git = new UserGit(home.Path);
        await git.RunAsync(repository.Path, cancellationToken, "init", "--quiet", "--initial-branch", "main");
        File.WriteAllText(repository.File("redis.json"), TestItems.Redis);
        await git.RunAsync(repository.Path, cancellationToken, "add", ".");
        await git.RunAsync(repository.Path, cancellationToken, "commit", "--quiet", "-m", "redis");
        var url = "file://" + repository.Path;
        var missing = "file://" + repository.Path + "-missing";
        using var provider = Provider(data.Path, $"{url}, {missing}");
        Assert.That(provider.Current.Items, Is.Empty, "nothing is cloned before the first refresh");

        await provider.RefreshAsync(cancellationToken);
        var first = provider.Current.Items.Select(i => i.Name).ToList();
        File.WriteAllText(repository.File("postgres.json"), TestItems.Postgres);
        await git.RunAsync(repository.Path, cancellationToken, "add", ".");
        await git.RunAsync(repository.Path, cancellationToken, "commit", "--quiet", "-m", "postgres");
        await provider.RefreshAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(new[] { "redis" }));
            Assert.That(provider.Current.Items.Select(i => (i.Name, i.Source)), Is.EqualTo(new[] { ("postgres", url), ("redis", url) }));
            Assert.That(provider.Current.Problems.Single(), Does.StartWith($"{missing}: cannot be fetched (git clone failed (128): "));
        });
        using var restarted = Provider(data.Path, url);
        Assert.That(restarted.Current.Items, Has.Count.EqualTo(2), "a restarted controller offers the copy on disk before it fetches");
    }

    [Test]
    public void ReadBuiltIn_EveryShippedItem_ReadsWithoutProblems()
    {
        var (items, problems) = CatalogFiles.ReadBuiltIn();

        Assert.That(problems, Is.Empty);
        Assert.That(items.Select(i => i.Name), Is.SupersetOf(new[] { "postgres", "mysql", "mariadb", "redis", "mongo", "rabbitmq", "memcached", "registry" }));
        Assert.That(items.Where(i => i.Questions.Any(q => q.Key.Contains("PASSWORD", StringComparison.Ordinal))).SelectMany(i => i.Questions)
            .Where(q => q.Key.Contains("PASSWORD", StringComparison.Ordinal)).All(q => q.Secret && q.Required && q.Default.Length == 0), Is.True,
            "every password is a secret question without a default");
    }
}
