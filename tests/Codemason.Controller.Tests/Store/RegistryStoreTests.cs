using Codemason.Controller.Registry;
using Codemason.Controller.Tests.Infrastructure;

namespace Codemason.Controller.Tests.Store;

public sealed class RegistryStoreTests
{
    private StoreHarness _harness = null!;

    [SetUp]
    public async Task SetUp() => _harness = await StoreHarness.OpenAsync();

    [TearDown]
    public void TearDown() => _harness.Dispose();

    [Test]
    [CancelAfter(10_000)]
    public async Task RegistryHost_SavedThenReplaced_ReadBack(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        await store.CreateEnvironmentAsync("staging", cancellationToken);
        var node = await _harness.JoinNodeAsync("staging", "n1");
        var first = new RegistryHost("staging", node.NodeId, "10.0.0.1:7402", "CERT", "KEY", DateTimeOffset.FromUnixTimeMilliseconds(1_000));

        await store.SaveRegistryHostAsync(first, cancellationToken);
        await store.SaveRegistryHostAsync(first with { Address = "10.0.0.9:7402", CertificatePem = "CERT2" }, cancellationToken);

        Assert.That(await store.GetRegistryHostAsync("staging", cancellationToken), Is.EqualTo(first with { Address = "10.0.0.9:7402", CertificatePem = "CERT2" }));
        Assert.That(await store.GetRegistryHostAsync("production", cancellationToken), Is.Null);
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RegistryEnvironments_ThoseWithAGitRemoteOrARegistry(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        foreach (var name in new[] { "staging", "production", "dev" })
        {
            await store.CreateEnvironmentAsync(name, cancellationToken);
        }
        var node = await _harness.JoinNodeAsync("production", "p1");
        await store.SaveGitRemoteAsync(new AppKey("staging", "shop"), null, "admin", cancellationToken);
        await store.SaveRegistryHostAsync(new RegistryHost("production", node.NodeId, "10.0.0.1:7402", "C", "K", DateTimeOffset.UnixEpoch), cancellationToken);

        Assert.That(await store.ListRegistryEnvironmentsAsync(cancellationToken), Is.EqualTo(new[] { "production", "staging" }));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task RegistryCandidates_AddressLabelsReadinessAndAvailability(CancellationToken cancellationToken)
    {
        var store = _harness.Store;
        await store.CreateEnvironmentAsync("staging", cancellationToken);
        var builder = await _harness.JoinNodeAsync("staging", "b1", new Dictionary<string, string> { ["build"] = "true" }, advertise: "10.0.0.7");
        var cordoned = await _harness.JoinNodeAsync("staging", "c1");
        await store.SetNodeAvailabilityAsync(cordoned.NodeId, Nodes.NodeAvailability.Cordoned, cancellationToken);

        var candidates = await store.ListRegistryCandidatesAsync("staging", cancellationToken);

        var built = candidates.Single(c => c.Node == builder.NodeId);
        Assert.That((built.AdvertiseAddress, built.Labels["build"], built.Schedulable), Is.EqualTo(("10.0.0.7", "true", true)));
        Assert.That(candidates.Single(c => c.Node == cordoned.NodeId).Schedulable, Is.False);
    }
}
