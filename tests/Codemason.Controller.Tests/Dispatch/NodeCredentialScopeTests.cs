using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Grpc.Core;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// What a node credential opens, checked with a raw gRPC client against the real controller (in process, real
/// HTTP/2 on 127.0.0.1, real SQLite): its own node's assignments, nothing of another node or environment, and no
/// public API call.
/// </summary>
public sealed class NodeCredentialScopeTests : RawAgentStreamTest
{
    [Test]
    [CancelAfter(60_000)]
    public async Task NodeCredential_OnlyItsOwnAssignments_NotAnotherNodesOrEnvironmentsNorThePublicApi(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        await Host.Client.CreateEnvironmentAsync("staging");
        var prodToken = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        var stagingToken = (await Host.Client.IssueJoinTokenAsync("staging", rotate: false)).JoinToken;
        // Three nodes join and stay connected (Ready), so the apps spread over them.
        await using var a = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = prodToken, Hostname = "node-a", Capacity = Capacity() }, cancellationToken);
        await using var b = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = prodToken, Hostname = "node-b", Capacity = Capacity() }, cancellationToken);
        await using var c = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = stagingToken, Hostname = "node-c", Capacity = Capacity() }, cancellationToken);
        foreach (var environment in new[] { "prod", "staging" })
        {
            await Host.Client.ApplyAsync(new ApplyRequest { Environment = environment, MasonJson = MasonSamples.Shop(4), Answers = { MasonSamples.ShopAnswers } });
        }
        var prod = (await Host.Client.ListReplicasAsync("prod")).Replicas;
        var onA = prod.Where(r => r.NodeId == a.NodeId).Select(r => r.Id).ToHashSet();
        var onB = prod.Where(r => r.NodeId == b.NodeId).Select(r => r.Id).ToHashSet();

        // B's credential claiming to be A, or a node of another environment: refused.
        var asA = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = a.NodeId, NodeCredential = b.Credential, Hostname = "node-a" }, cancellationToken);
        var asC = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = c.NodeId, NodeCredential = b.Credential, Hostname = "node-c" }, cancellationToken);
        // B's credential with B's id: B's set, exactly.
        await using var again = await RawAgentStream.OpenAsync(Channel, new Hello { NodeId = b.NodeId, NodeCredential = b.Credential, Hostname = "node-b" }, cancellationToken);
        var complete = await again.NextSetAsync(cancellationToken);
        var served = complete.Upserts.Select(u => u.ReplicaId).ToHashSet();
        // The credential as an API token: no public call.
        var api = Host.Client.WithToken(b.Credential);
        var list = Assert.ThrowsAsync<RpcException>(() => api.ListReplicasAsync("prod"));
        var apply = Assert.ThrowsAsync<RpcException>(() => api.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(1), Answers = { MasonSamples.ShopAnswers } }));

        Assert.Multiple(() =>
        {
            Assert.That(onA, Is.Not.Empty, "node A runs replicas");
            Assert.That(onB, Is.Not.Empty, "node B runs replicas");
            Assert.That(asA.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "B's credential presented as node A");
            Assert.That(asC.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "B's credential presented as node C of staging");
            Assert.That(again.NodeId, Is.EqualTo(b.NodeId));
            Assert.That(served, Is.EquivalentTo(onB), "B's COMPLETE set is B's replicas");
            Assert.That(served.Overlaps(onA), Is.False, "none of A's");
            Assert.That(complete.Upserts.Select(u => u.Environment), Has.All.EqualTo("prod"), "none of staging's");
            Assert.That(list!.StatusCode, Is.AnyOf(StatusCode.Unauthenticated, StatusCode.PermissionDenied), "ListReplicas with a node credential");
            Assert.That(apply!.StatusCode, Is.AnyOf(StatusCode.Unauthenticated, StatusCode.PermissionDenied), "Apply with a node credential");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Join_AppAppliedBeforeAnyNode_TheFirstNodeToJoinGetsItsReplicas(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(2), Answers = { MasonSamples.ShopAnswers } });
        var pending = (await Host.Client.ListReplicasAsync("prod")).Replicas;

        await using var a = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "node-a", Capacity = Capacity() }, cancellationToken);

        await Codemason.Testing.Eventually.TrueAsync(
            async () => (await Host.Client.ListReplicasAsync("prod")).Replicas.All(r => r.NodeId == a.NodeId),
            TimeSpan.FromSeconds(30), "every replica placed on the node that joined", cancellationToken);
        Assert.Multiple(() =>
        {
            Assert.That(pending, Is.Not.Empty);
            Assert.That(pending.Select(r => r.NodeId), Has.All.Empty, "no node yet: nothing placed");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_MalformedNodeId_InvalidArgumentNamingIt(CancellationToken cancellationToken)
    {
        var refused = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = "node-a", NodeCredential = "cmn_x", Hostname = "node-a" }, cancellationToken);

        Assert.That(refused.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
        Assert.That(refused.Detail, Does.Contain("\"node-a\"").And.Contain(NodeId.Form));
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_AdvertiseAddress_StoredAndShown_ANonAddressRefusedNamingIt(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;

        await using var a = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "node-a", Capacity = Capacity(), AdvertiseAddress = "10.213.0.11" }, cancellationToken);
        var refused = await RawAgentStream.RefusalAsync(Channel, new Hello { JoinToken = token, Hostname = "node-b", AdvertiseAddress = "node-b.internal" }, cancellationToken);
        var nodes = await Host.Client.ListNodesAsync("prod");

        Assert.Multiple(() =>
        {
            Assert.That(nodes.Nodes.Single().AdvertiseAddress, Is.EqualTo("10.213.0.11"));
            Assert.That(refused.StatusCode, Is.EqualTo(StatusCode.InvalidArgument));
            Assert.That(refused.Detail, Does.Contain("\"node-b.internal\"").And.Contain("--advertise-address"));
        });
    }
}
