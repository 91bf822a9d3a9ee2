using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>NodeService and LogService through the real gRPC client, with nodes joined through the store as the dispatcher would.</summary>
public sealed class NodeApiTests
{
    private ControllerTestHost _host = null!;
    private NodeRegistrationResult _node = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync();
        var created = await _host.Client.CreateEnvironmentAsync("prod");
        var details = new NodeDetails("alpha", new Dictionary<string, string> { ["zone"] = "eu" }, new Resources { MemoryMb = 2048, CpuShares = 2048 }, "24.0.7", "0.1.0", "127.0.0.1:5000");
        _node = (await _host.Store.RegisterNodeAsync(created.JoinToken, details, CancellationToken.None))!;
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private Task<ApplyResponse> ApplyShopAsync() => _host.Client.ApplyAsync(new ApplyRequest
    {
        Environment = "prod",
        MasonJson = MasonSamples.Shop(webScale: 2),
        Answers = { MasonSamples.ShopAnswers },
    });

    [Test]
    [CancelAfter(30_000)]
    public async Task ListNodes_JoinedNodeWithPlacedReplicas_ShowsItsDetailsAndCount()
    {
        await ApplyShopAsync();

        var nodes = await _host.Client.ListNodesAsync("prod");

        var node = nodes.Nodes.Single();
        Assert.Multiple(() =>
        {
            Assert.That(node.Id, Is.EqualTo(_node.NodeId.Value));
            Assert.That(node.Hostname, Is.EqualTo("alpha"));
            Assert.That(node.Status, Is.EqualTo(NodeStatus.Ready));
            Assert.That(node.Labels["zone"], Is.EqualTo("eu"));
            Assert.That(node.ReplicaCount, Is.EqualTo(3U));
            Assert.That(nodes.StoreRevision, Is.GreaterThan(0UL));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task SetNodeAvailability_DrainedOnlyNode_ReplicasBecomePendingWithAnExplanation()
    {
        await ApplyShopAsync();

        var node = await _host.Client.SetNodeAvailabilityAsync("alpha", NodeAvailability.Drained);

        var replicas = await _host.Client.ListReplicasAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(node.Availability, Is.EqualTo(NodeAvailability.Drained));
            Assert.That(replicas.Replicas.Select(r => r.State), Is.All.EqualTo(ReplicaState.Pending));
            Assert.That(replicas.Replicas.Select(r => r.Explanation), Is.All.Contains("drained"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public void RemoveNode_ReadyNode_FailedPrecondition()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.RemoveNodeAsync(_node.NodeId.Value));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task RemoveNode_DownNode_IsForgotten()
    {
        await _host.Store.SetNodeStatusAsync(_node.NodeId, Nodes.NodeStatus.Down, CancellationToken.None);

        await _host.Client.RemoveNodeAsync("alpha");

        var nodes = await _host.Client.ListNodesAsync();
        Assert.That(nodes.Nodes, Is.Empty);
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task StreamLogs_NoAgentConnected_Unavailable(CancellationToken cancellationToken)
    {
        await ApplyShopAsync();
        using var call = _host.Client.StreamLogs(new StreamLogsRequest { Environment = "prod", App = "shop", Service = "web" }, cancellationToken);

        var error = Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
            Assert.That(error.Status.Detail, Is.EqualTo($"no agent connected for node {_node.NodeId}"));
        });
    }
}
