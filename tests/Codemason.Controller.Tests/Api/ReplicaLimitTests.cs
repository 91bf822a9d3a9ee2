using Codemason.Controller.Store;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>
/// The replica caps (docs/controller.md, "Limits"): an app asking for more replicas than <c>Apply:MaxReplicasPerApply</c>
/// is refused with the limit named, and a node holding <c>Reconcile:MaxReplicasPerNode</c> replicas takes no more, the
/// unplaced replica's explanation saying why. Real controller, real gRPC client, lowered limits.
/// </summary>
public sealed class ReplicaLimitTests
{
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync(new Dictionary<string, string?>
        {
            ["Apply:MaxReplicasPerApply"] = "4",
            ["Reconcile:MaxReplicasPerNode"] = "2",
        });
        var created = await _host.Client.CreateEnvironmentAsync("prod");
        var details = new NodeDetails("alpha", new Dictionary<string, string>(), new Resources { MemoryMb = 2048, CpuShares = 2048 }, "24.0.7", "0.1.0", "127.0.0.1:5000");
        await _host.Store.RegisterNodeAsync(created.JoinToken, details, CancellationToken.None);
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    [Test]
    [CancelAfter(30_000)]
    public void Apply_MoreReplicasThanThePerAppLimit_InvalidArgumentNamingTheLimit()
    {
        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ApplyAsync(Shop(webScale: 4)));

        Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(error.Status.Detail, Does.Contain("5 replicas").And.Contain("Apply:MaxReplicasPerApply").And.Contain("4"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Scale_PastThePerAppLimit_FailedPreconditionNamingTheLimitAndNothingChanges()
    {
        await _host.Client.ApplyAsync(Shop(webScale: 1));

        var error = Assert.ThrowsAsync<RpcException>(() => _host.Client.ScaleAsync("prod", "shop", "web", 4));

        var replicas = await _host.Client.ListReplicasAsync("prod", "shop");
        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(error.Status.Detail, Does.Contain("Apply:MaxReplicasPerApply"));
            Assert.That(replicas.Replicas, Has.Count.EqualTo(2), "the app keeps its revision");
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_MoreReplicasThanTheNodeTakes_TheRestStayUnplacedWithTheLimitInTheirExplanation()
    {
        var response = await _host.Client.ApplyAsync(Shop(webScale: 2));

        var replicas = (await _host.Client.ListReplicasAsync("prod", "shop")).Replicas;
        var unplaced = replicas.Where(r => string.IsNullOrEmpty(r.NodeId)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(replicas.Count(r => !string.IsNullOrEmpty(r.NodeId)), Is.EqualTo(2), "the node is full at two");
            Assert.That(unplaced, Has.Count.EqualTo(1));
            Assert.That(unplaced.Select(r => r.Explanation), Has.All.Contains("1 node; 1 already runs 2 replicas, the most a node takes (Reconcile:MaxReplicasPerNode)"));
            Assert.That(response.App.Services.SelectMany(s => s.Unplaced).ToList(), Has.Count.EqualTo(1));
        });
    }

    private static ApplyRequest Shop(int webScale) => new()
    {
        Environment = "prod",
        MasonJson = MasonSamples.Shop(webScale),
        Answers = { MasonSamples.ShopAnswers },
    };
}
