using Codemason.Controller.Store;
using Codemason.Testing;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Controller.Tests.Store;

public sealed class SqliteMigratorTests
{
    private TempDirectory _directory = null!;

    [SetUp]
    public void SetUp() => _directory = new TempDirectory();

    [TearDown]
    public void TearDown()
    {
        SqliteConnection.ClearAllPools();
        _directory.Dispose();
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InitializeAsync_FreshFile_AppliesEveryMigrationAndUsesWal(CancellationToken cancellationToken)
    {
        using var store = NewStore(ControllerSchema.Migrations);

        var result = await store.InitializeAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(result.SchemaVersion, Is.EqualTo(ControllerSchema.LatestVersion));
            Assert.That(result.AppliedMigrations, Has.Count.EqualTo(ControllerSchema.Migrations.Count));
            Assert.That(Scalar("PRAGMA journal_mode"), Is.EqualTo("wal"));
            Assert.That(Scalar("SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name IN ('environments','nodes','apps','revisions','services','replicas','events','changes','api_tokens','join_tokens')"), Is.EqualTo(10L));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InitializeAsync_ExistingFileAtOlderVersion_AppliesOnlyNewMigrationsAndKeepsData(CancellationToken cancellationToken)
    {
        using (var first = NewStore(ControllerSchema.Migrations))
        {
            await first.InitializeAsync(cancellationToken);
            await first.CreateEnvironmentAsync("prod", cancellationToken);
        }
        SqliteConnection.ClearAllPools();
        Migration[] next = [.. ControllerSchema.Migrations, new(ControllerSchema.LatestVersion + 1, "add-note", "CREATE TABLE notes (id INTEGER PRIMARY KEY)")];
        using var second = NewStore(next);

        var result = await second.InitializeAsync(cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(result.AppliedMigrations, Is.EqualTo(new[] { $"{ControllerSchema.LatestVersion + 1}-add-note" }));
            Assert.That(result.SchemaVersion, Is.EqualTo(ControllerSchema.LatestVersion + 1));
            Assert.That(result.BootstrapAdminToken, Is.Null, "the bootstrap token is made on the first start only");
            Assert.That(await second.GetEnvironmentAsync("prod", cancellationToken), Is.Not.Null);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InitializeAsync_SchemaNewerThanBinary_RefusesAndLeavesFileAlone(CancellationToken cancellationToken)
    {
        using (var newer = NewStore([.. ControllerSchema.Migrations, new(ControllerSchema.LatestVersion + 5, "future", "CREATE TABLE future (id INTEGER)")]))
        {
            await newer.InitializeAsync(cancellationToken);
        }
        SqliteConnection.ClearAllPools();
        using var current = NewStore(ControllerSchema.Migrations);

        var error = Assert.ThrowsAsync<StoreSchemaException>(() => current.InitializeAsync(cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.Message, Does.Contain($"schema version {ControllerSchema.LatestVersion + 5}").And.Contain("newer than this controller"));
            Assert.That(Scalar("PRAGMA user_version"), Is.EqualTo((long)ControllerSchema.LatestVersion + 5));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InitializeAsync_SameFileTwice_SecondStartAppliesNothing(CancellationToken cancellationToken)
    {
        using (var first = NewStore(ControllerSchema.Migrations))
        {
            await first.InitializeAsync(cancellationToken);
        }
        SqliteConnection.ClearAllPools();
        using var second = NewStore(ControllerSchema.Migrations);

        var result = await second.InitializeAsync(cancellationToken);

        Assert.That(result.AppliedMigrations, Is.Empty);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task InitializeAsync_FreshFile_AppDeletionLookupUsesItsPartialIndex(CancellationToken cancellationToken)
    {
        using var store = NewStore(ControllerSchema.Migrations);
        await store.InitializeAsync(cancellationToken);

        // Every agent session runs this look-up; a scan of the change log instead made a large apply O(nodes × replicas).
        var plan = QueryPlan(SqliteControllerStore.DeletedAppsSince, ("$environment", "prod"), ("$since", 0L));

        Assert.That(plan, Does.Contain("USING INDEX changes_app_deleted"));
    }

    private SqliteControllerStore NewStore(IReadOnlyList<Migration> migrations) => new(
        Options.Create(new StoreOptions { Path = _directory.File("controller.db") }),
        new ManualTimeProvider(),
        NullLogger<SqliteControllerStore>.Instance,
        migrations);

    private string QueryPlan(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={_directory.File("controller.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = "EXPLAIN QUERY PLAN " + sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        using var reader = command.ExecuteReader();
        var lines = new List<string>();
        while (reader.Read())
        {
            lines.Add(reader.GetString(3));
        }
        return string.Join("\n", lines);
    }

    private object? Scalar(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={_directory.File("controller.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        return command.ExecuteScalar();
    }
}
