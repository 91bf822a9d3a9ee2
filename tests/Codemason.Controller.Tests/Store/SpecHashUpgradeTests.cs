using Codemason.Controller.Apply;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Testing;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Store;

/// <summary>
/// Services stored by a controller before identities carry a hash of Mortar's model, not <see cref="SpecHash.Of"/>
/// their spec; running containers are labelled with it. A new revision must not change it while the spec is the same.
/// </summary>
public sealed class SpecHashUpgradeTests
{
    private static readonly SpecHash OlderWebHash = TestIds.Hash("an older controller's hash of web");
    private static readonly SpecHash OlderDbHash = TestIds.Hash("an older controller's hash of db");

    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await StoreHarness.OpenAsync();
        await _harness.Store.CreateEnvironmentAsync("prod", CancellationToken.None);
        await _harness.ApplyAsync("prod", MasonSamples.Shop());
        Execute(
            """
            UPDATE services SET spec_hash = CASE name WHEN 'web' THEN $web ELSE $db END;
            UPDATE replicas SET spec_hash = CASE service WHEN 'web' THEN $web ELSE $db END;
            """);
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task CommitRevision_SpecsUnchanged_KeepsTheOlderHashes(CancellationToken cancellationToken)
    {
        var scaled = await _harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 3));

        var app = await _harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(scaled.Changed, Is.True);
            Assert.That(scaled.ChangedServices, Is.Empty);
            Assert.That(app!.Revision, Is.EqualTo(2));
            Assert.That(app.Services.ToDictionary(s => s.Name, s => s.SpecHash), Is.EqualTo(new Dictionary<string, string> { ["db"] = OlderDbHash.Value, ["web"] = OlderWebHash.Value }));
            Assert.That(ReplicaHashes(), Is.EqualTo(new Dictionary<string, string>
            {
                ["prod/shop/db#1"] = OlderDbHash.Value,
                ["prod/shop/web#1"] = OlderWebHash.Value,
                ["prod/shop/web#2"] = OlderWebHash.Value,
                ["prod/shop/web#3"] = OlderWebHash.Value,
            }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task CommitRevision_OneSpecChanged_OnlyThatServiceGetsTheHashOfItsSpec(CancellationToken cancellationToken)
    {
        var changed = await _harness.ApplyAsync("prod", MasonSamples.Shop(webImage: "registry.example.com/shop/web:2"));

        var app = await _harness.Store.GetAppAsync(new AppKey("prod", "shop"), cancellationToken);
        var webHash = app!.Services.Single(s => s.Name == "web").SpecHash;
        Assert.Multiple(() =>
        {
            Assert.That(changed.ChangedServices, Is.EqualTo(new[] { "web" }));
            Assert.That(webHash, Is.Not.EqualTo(OlderWebHash.Value));
            Assert.That(SpecHash.TryParse(webHash, out _), Is.True);
            Assert.That(ReplicaHashes(), Is.EqualTo(new Dictionary<string, string>
            {
                ["prod/shop/db#1"] = OlderDbHash.Value,
                ["prod/shop/web#1"] = webHash,
                ["prod/shop/web#2"] = webHash,
            }));
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task DryRun_SpecsUnchanged_ReportsNoServiceChangedAndTheOlderHashes(CancellationToken cancellationToken)
    {
        var preview = await _harness.Coordinator.ApplyAsync(
            new ApplyCommand("prod", MasonSamples.Shop(webScale: 3), MasonSamples.ShopAnswers, null, null, DryRun: true, Who: "tester"),
            cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(preview.ChangedServices, Is.Empty);
            Assert.That(preview.App.Services.ToDictionary(s => s.Name, s => s.SpecHash), Is.EqualTo(new Dictionary<string, string> { ["db"] = OlderDbHash.Value, ["web"] = OlderWebHash.Value }));
        });
    }

    private Dictionary<string, string> ReplicaHashes() => Query("SELECT id, spec_hash FROM replicas");

    private Dictionary<string, string> Query(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows[reader.GetString(0)] = reader.GetString(1);
        }
        return rows;
    }

    private void Execute(string sql)
    {
        using var connection = Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$web", OlderWebHash.Value);
        command.Parameters.AddWithValue("$db", OlderDbHash.Value);
        command.ExecuteNonQuery();
    }

    private SqliteConnection Open()
    {
        var connection = new SqliteConnection($"Data Source={_harness.DatabasePath};Pooling=False");
        connection.Open();
        return connection;
    }
}
