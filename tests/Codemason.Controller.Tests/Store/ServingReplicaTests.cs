using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;

namespace Codemason.Controller.Tests.Store;

/// <summary>
/// Start-first rollouts of routed services as the store keeps them (docs/edge.md, "Zero-downtime rollouts"): routed
/// replicas' assignments carry the drain period and a second address; what the agent reports as serving is where
/// the edges and the service names send traffic, whatever the replica's state.
/// </summary>
public sealed class ServingReplicaTests
{
    private const string Web = "prod/shop/web#1";

    private static string Shop(string image) => $$"""
        {
            "name": "shop",
            "masonVersion": "v1",
            "services": [
                { "name": "web", "image": "{{image}}", "ports": ["80"], "domains": [{ "host": "shop.example.com", "https": false }], "links": ["api"] },
                { "name": "api", "image": "api:1", "ports": ["8080"] },
            ],
        }
        """;

    private StoreHarness _harness = null!;
    private NodeRegistrationResult _node = null!;

    [SetUp]
    public async Task SetUp()
    {
        _harness = await StoreHarness.OpenAsync();
        await _harness.Store.CreateEnvironmentAsync("prod", CancellationToken.None);
        _node = await _harness.JoinNodeAsync("prod", "n1");
        await _harness.ApplyAsync("prod", Shop("web:1"));
    }

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task Assignments_RoutedServiceDrains_EveryReplicaHasASecondAddress(CancellationToken cancellationToken)
    {
        var set = await _harness.Store.GetNodeAssignmentsAsync(_node.NodeId, cancellationToken);

        var web = set.Replicas.Single(r => r.ReplicaId == Web);
        var api = set.Replicas.Single(r => r.Service == "api");
        Assert.Multiple(() =>
        {
            Assert.That(web.DrainMs, Is.EqualTo(10_000u), "web has a domain: the default drain period");
            Assert.That(api.DrainMs, Is.Zero, "api is reached by no route");
            Assert.That(set.Replicas.Select(r => r.SurgeAddress), Is.All.Not.Empty);
            Assert.That(set.Replicas.SelectMany(r => new[] { r.Address, r.SurgeAddress }), Is.Unique);
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Status_OldContainerServesWhileTheNewStarts_ThenTheNewAtTheSecondAddress_IsWhereTrafficGoes(CancellationToken cancellationToken)
    {
        var web = (await _harness.Store.GetNodeAssignmentsAsync(_node.NodeId, cancellationToken)).Replicas.Single(r => r.ReplicaId == Web);
        await Report(Status(ReplicaState.Running, serving: web.Address), cancellationToken);
        await _harness.ApplyAsync("prod", Shop("web:2"));

        // The new container starts at the second address; the old one still serves at the first.
        await Report(Status(ReplicaState.Starting, serving: web.Address, seconds: 2), cancellationToken);
        var whileStarting = await WhereTrafficGoesAsync(cancellationToken);
        await Report(Status(ReplicaState.Running, serving: web.SurgeAddress, seconds: 3), cancellationToken);
        var afterwards = await WhereTrafficGoesAsync(cancellationToken);
        await Report(Status(ReplicaState.Failed, serving: "", seconds: 4), cancellationToken);
        var nothingServes = await WhereTrafficGoesAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(whileStarting, Is.EqualTo((web.Address, new[] { web.Address }, web.Address)), "routed and resolved at the old container");
            Assert.That(afterwards, Is.EqualTo((web.SurgeAddress, new[] { web.SurgeAddress }, web.SurgeAddress)), "at the new one");
            Assert.That(nothingServes, Is.EqualTo(((string?)null, Array.Empty<string>(), web.Address)), "a failed replica that nothing serves");
        });
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task Status_ServingAddressNotTheReplicas_IsNotBelieved(CancellationToken cancellationToken)
    {
        var web = (await _harness.Store.GetNodeAssignmentsAsync(_node.NodeId, cancellationToken)).Replicas.Single(r => r.ReplicaId == Web);

        await Report(Status(ReplicaState.Running, serving: "10.208.9.9"), cancellationToken);

        Assert.That(await WhereTrafficGoesAsync(cancellationToken), Is.EqualTo((web.Address, new[] { web.Address }, web.Address)));
    }

    private async Task Report(ReplicaStatus status, CancellationToken cancellationToken)
    {
        var result = await _harness.Store.ApplyReplicaStatusesAsync(_node.NodeId, [status], cancellationToken);
        Assert.That(result.Ignored, Is.Empty, "the status is applied");
    }

    /// <summary>The web replica's edge destination, the addresses its name resolves to, and the address the API shows.</summary>
    private async Task<(string? Edge, string[] Names, string Shown)> WhereTrafficGoesAsync(CancellationToken cancellationToken)
    {
        var edge = await _harness.Store.GetEdgeSnapshotAsync("prod", cancellationToken);
        var network = await _harness.Store.GetNetworkSnapshotAsync("prod", cancellationToken);
        var shown = (await _harness.Store.ListReplicasAsync(new ReplicaFilter("prod"), cancellationToken)).Items.Single(r => r.Id == Web).Address;
        var destination = edge.Replicas.SingleOrDefault(r => r.Id == Web)?.Address is { } a ? Controller.Networking.Ipv4Subnet.Format(a) : null;
        var names = network.Members.Where(m => m.Service == "web" && m.Running).Select(m => Controller.Networking.Ipv4Subnet.Format(m.Address)).ToArray();
        return (destination, names, shown);
    }

    private static ReplicaStatus Status(ReplicaState state, string serving, int seconds = 1) => new()
    {
        ReplicaId = Web,
        State = state,
        ContainerId = $"c{seconds}",
        Serving = serving.Length > 0,
        ServingAddress = serving,
        ObservedAt = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddSeconds(1_800_000_000 + seconds)),
    };
}
