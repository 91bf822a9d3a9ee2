using Codemason.Controller.Errors;
using Codemason.Controller.Networking;
using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Microsoft.Data.Sqlite;

namespace Codemason.Controller.Tests.Store;

/// <summary>
/// The environments' overlay addresses (docs/networking.md): a subnet per environment from the pool, a gateway per
/// node, two addresses per replica (its own and a second one for start-first replacements) given at its first placement,
/// kept when it moves and freed when it goes.
/// </summary>
public sealed class OverlayAddressTests
{
    [Test]
    [CancelAfter(20_000)]
    public async Task CreateEnvironment_EachGetsTheNextFreeSubnet_AFullPoolIsRefusedNamingTheSetting(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync(network: new NetworkOptions { Pool = "10.208.0.0/15", EnvironmentPrefixLength = 16 });

        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.Store.CreateEnvironmentAsync("staging", cancellationToken);
        var full = Assert.ThrowsAsync<FailedPreconditionException>(() => harness.Store.CreateEnvironmentAsync("dev", cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(Column(harness, "SELECT name, subnet || ' vni ' || vni FROM environments ORDER BY name"), Is.EqualTo(new Dictionary<string, string>
            {
                ["prod"] = "10.208.0.0/16 vni 4096",
                ["staging"] = "10.209.0.0/16 vni 4097",
            }));
            Assert.That(full!.Message, Does.Contain("10.208.0.0/15").And.Contain("Network:Pool"));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Placement_ReplicasGetAddressesAfterTheGateways_KeepThemWhenTheyMove_AndFreeThemWhenRemoved(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        var n1 = await harness.JoinNodeAsync("prod", "n1");
        await harness.JoinNodeAsync("prod", "n2");

        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));
        var placed = await AddressesAsync(harness, cancellationToken);
        await harness.Store.SetNodeStatusAsync(n1.NodeId, Nodes.NodeStatus.Down, cancellationToken);
        await harness.Reconciler.ReconcileAsync(Controller.Reconcile.ReconcileTarget.ForEnvironment("prod"), cancellationToken);
        var moved = await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken);
        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 1));
        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));
        var again = await AddressesAsync(harness, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(Column(harness, "SELECT hostname, gateway FROM nodes ORDER BY hostname"), Is.EqualTo(new Dictionary<string, string>
            {
                ["n1"] = Number("10.208.0.1"),
                ["n2"] = Number("10.208.0.2"),
            }));
            Assert.That(placed, Is.EqualTo(new Dictionary<string, string>
            {
                ["prod/shop/db#1"] = "10.208.0.3",
                ["prod/shop/web#1"] = "10.208.0.5",
                ["prod/shop/web#2"] = "10.208.0.7",
            }));
            Assert.That(Column(harness, "SELECT id, surge_address FROM replicas ORDER BY id"), Is.EqualTo(new Dictionary<string, string>
            {
                ["prod/shop/db#1"] = Number("10.208.0.4"),
                ["prod/shop/web#1"] = Number("10.208.0.6"),
                ["prod/shop/web#2"] = Number("10.208.0.8"),
            }), "each replica's second address, after its first");
            Assert.That(moved.Items.All(r => r.NodeId != n1.NodeId.Value), Is.True, "every replica left the Down node");
            Assert.That(moved.Items.ToDictionary(r => r.Id, r => r.Address), Is.EqualTo(placed), "a moved replica keeps its address");
            Assert.That(again, Is.EqualTo(placed), "web#2 scaled away and back gets the lowest free address, its old one");
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Placement_SubnetFull_TheReplicaWithoutAnAddressWaitsExplained(CancellationToken cancellationToken)
    {
        // A /29: six addresses, one gateway, so two replicas of two addresses each.
        using var harness = await StoreHarness.OpenAsync(network: new NetworkOptions { Pool = "10.208.0.0/24", EnvironmentPrefixLength = 29 });
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.JoinNodeAsync("prod", "n1");

        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));
        var replicas = (await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items;

        var waiting = replicas.Where(r => r.NodeId.Length == 0).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(replicas.Count(r => r.Address.Length > 0), Is.EqualTo(2));
            Assert.That(waiting, Has.Count.EqualTo(1));
            Assert.That(waiting.Single().Explanation, Does.Contain("no free address in the environment's network 10.208.0.0/29"));
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Reconcile_ReplicasPlacedBeforeTheOverlay_GetAddressesWhereTheyRun(CancellationToken cancellationToken)
    {
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.JoinNodeAsync("prod", "n1");
        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));
        var nodes = (await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items.ToDictionary(r => r.Id, r => r.NodeId);
        Execute(harness, "UPDATE replicas SET address = NULL, surge_address = NULL");

        await harness.Reconciler.ReconcileAsync(Controller.Reconcile.ReconcileTarget.ForEnvironment("prod"), cancellationToken);
        var after = (await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items;

        Assert.Multiple(() =>
        {
            Assert.That(after.ToDictionary(r => r.Id, r => r.NodeId), Is.EqualTo(nodes), "nothing moved");
            Assert.That(after.Select(r => r.Address), Is.All.Not.Empty);
            Assert.That(after.Select(r => r.Address), Is.Unique);
        });
    }

    [Test]
    [CancelAfter(20_000)]
    public async Task Placement_OnANodeAdvertisingLoopback_TheReplicaHasNoOverlayAddress(CancellationToken cancellationToken)
    {
        // One server, or agents sharing an engine: the agent keeps replicas on its app's network, so no address is shown.
        using var harness = await StoreHarness.OpenAsync();
        await harness.Store.CreateEnvironmentAsync("prod", cancellationToken);
        await harness.JoinNodeAsync("prod", "n1", advertise: "127.0.0.1");

        await harness.ApplyAsync("prod", MasonSamples.Shop(webScale: 2));
        await harness.Reconciler.ReconcileAsync(Controller.Reconcile.ReconcileTarget.ForEnvironment("prod"), cancellationToken);
        var replicas = (await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items;

        Assert.Multiple(() =>
        {
            Assert.That(replicas.Select(r => r.NodeId), Is.All.Not.Empty, "placed");
            Assert.That(replicas.Select(r => r.Address), Is.All.Empty);
        });
    }

    private static void Execute(StoreHarness harness, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static async Task<Dictionary<string, string>> AddressesAsync(StoreHarness harness, CancellationToken cancellationToken) =>
        (await harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items.ToDictionary(r => r.Id, r => r.Address);

    private static string Number(string address) =>
        Ipv4Subnet.TryParseAddress(address, out var number) ? number.ToString(System.Globalization.CultureInfo.InvariantCulture) : "";

    private static Dictionary<string, string> Column(StoreHarness harness, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={harness.DatabasePath};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        using var reader = command.ExecuteReader();
        var rows = new Dictionary<string, string>(StringComparer.Ordinal);
        while (reader.Read())
        {
            rows[reader.GetString(0)] = Convert.ToString(reader.GetValue(1), System.Globalization.CultureInfo.InvariantCulture)!;
        }
        return rows;
    }
}
