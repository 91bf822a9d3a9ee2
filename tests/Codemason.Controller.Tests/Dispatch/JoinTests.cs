using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// Joining, approving, rotating and removing nodes (issue #19 part 3), checked with raw agent streams against the real
/// controller (in process, real HTTP/2 on 127.0.0.1, real SQLite): what a Hello is answered, what the API shows, and which
/// credentials open a session afterwards.
/// </summary>
public sealed class JoinTests : RawAgentStreamTest
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_ExpiredJoinToken_RefusedSayingWhenAndWhatToDo(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var issued = await Host.Client.IssueJoinTokenAsync(new IssueJoinTokenRequest { Environment = "prod", Ttl = Duration.FromTimeSpan(TimeSpan.FromSeconds(1)) });
        await Task.Delay(TimeSpan.FromMilliseconds(1200), cancellationToken);

        var refusal = await RawAgentStream.RefusalAsync(Channel, new Hello { JoinToken = issued.JoinToken, Hostname = "late", Capacity = Capacity() }, cancellationToken);

        var expiresAt = issued.ExpiresAt.ToDateTimeOffset().UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture);
        var nodes = (await Host.Client.ListNodesAsync("prod")).Nodes;
        Assert.Multiple(() =>
        {
            Assert.That(refusal.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(refusal.Detail, Is.EqualTo($"the join token expired at {expiresAt} UTC; issue a new one with `mason agent install-command`"));
            Assert.That(nodes, Is.Empty, "no node is made");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task IssueJoinToken_NoLifetimeGiven_Expires24HoursAfterIssueWithoutUseLimit(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var before = DateTimeOffset.UtcNow;

        var issued = await Host.Client.IssueJoinTokenAsync("prod", rotate: false);

        Assert.Multiple(() =>
        {
            Assert.That(issued.ExpiresAt.ToDateTimeOffset(), Is.EqualTo(before.AddHours(24)).Within(TimeSpan.FromSeconds(10)));
            Assert.That(issued.MaxUses, Is.Zero);
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Hello_SingleUseTokenUsedOnce_SecondServerRefusedFirstKeepsWorking(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var issued = await Host.Client.IssueJoinTokenAsync(new IssueJoinTokenRequest { Environment = "prod", Ttl = Duration.FromTimeSpan(TimeSpan.FromHours(1)), MaxUses = 1 });

        await using var first = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = issued.JoinToken, Hostname = "first", Capacity = Capacity() }, cancellationToken);
        var second = await RawAgentStream.RefusalAsync(Channel, new Hello { JoinToken = issued.JoinToken, Hostname = "second", Capacity = Capacity() }, cancellationToken);
        var wrong = await RawAgentStream.RefusalAsync(Channel, new Hello { JoinToken = issued.JoinToken[..^2] + "xx", Hostname = "third", Capacity = Capacity() }, cancellationToken);

        var nodes = (await Host.Client.ListNodesAsync("prod")).Nodes;
        Assert.Multiple(() =>
        {
            Assert.That(issued.MaxUses, Is.EqualTo(1));
            Assert.That(second.StatusCode, Is.EqualTo(StatusCode.Unauthenticated));
            Assert.That(second.Detail, Is.EqualTo("the join token was already used (it allows one join); issue a new one with `mason agent install-command`"));
            Assert.That(wrong.Detail, Does.Not.Contain("already used"), "a token that does not match learns nothing about the real one");
            Assert.That(nodes.Select(n => n.Hostname), Is.EqualTo(new[] { "first" }));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Join_EnvironmentRequiresApproval_NodeCordonedAndTakesNoReplicasUntilApproved(CancellationToken cancellationToken)
    {
        var created = await Host.Client.CreateEnvironmentAsync(new CreateEnvironmentRequest { Name = "prod", RequireApproval = true });
        await using var node = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = created.JoinToken, Hostname = "new-01", Capacity = Capacity() }, cancellationToken);
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(1), Answers = { MasonSamples.ShopAnswers } });
        var waiting = (await Host.Client.ListNodesAsync("prod")).Nodes.Single();
        var pending = (await Host.Client.ListReplicasAsync("prod", "shop")).Replicas;
        var uncordon = Assert.ThrowsAsync<RpcException>(() => Host.Client.SetNodeAvailabilityAsync("new-01", NodeAvailability.Active));

        var approved = await Host.Client.ApproveNodeAsync("new-01");
        var placed = (await Host.Client.ListReplicasAsync("prod", "shop")).Replicas;
        var again = Assert.ThrowsAsync<RpcException>(() => Host.Client.ApproveNodeAsync("new-01"));

        Assert.Multiple(() =>
        {
            Assert.That(created.Environment.RequireApproval, Is.True);
            Assert.That(waiting.AwaitingApproval, Is.True);
            Assert.That(waiting.Availability, Is.EqualTo(NodeAvailability.Cordoned));
            Assert.That(pending.Select(r => r.NodeId), Is.All.Empty, "nothing is placed on a node awaiting approval");
            Assert.That(uncordon!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition), "uncordon does not bypass approval");
            Assert.That(uncordon.Status.Detail, Does.Contain("mason nodes approve"));
            Assert.That(approved.AwaitingApproval, Is.False);
            Assert.That(approved.Availability, Is.EqualTo(NodeAvailability.Active));
            Assert.That(placed.Select(r => r.NodeId), Is.All.EqualTo(node.NodeId), "approved, it takes the pending replicas");
            Assert.That(again!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RotateNodeCredential_AgentConfirms_OldCredentialRefusedNewOneAccepted(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        string nodeId;
        string oldCredential;
        RotateNodeCredentialResponse rotated;
        string? newCredential;
        await using (var joined = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "web-01", Capacity = Capacity() }, cancellationToken))
        {
            nodeId = joined.NodeId;
            oldCredential = joined.Credential;
            rotated = await Host.Client.RotateNodeCredentialAsync("web-01");
            newCredential = joined.RotatedCredential;
        }

        var withOld = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = oldCredential, Hostname = "web-01" }, cancellationToken);
        var withNew = await RawAgentStream.OpenAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = newCredential!, Hostname = "web-01" }, cancellationToken);
        var withNewNode = withNew.NodeId;
        await withNew.DisposeAsync();
        await Task.Delay(1000, cancellationToken);
        var offline = Assert.ThrowsAsync<RpcException>(() => Host.Client.RotateNodeCredentialAsync("web-01"));

        Assert.Multiple(() =>
        {
            Assert.That(rotated.Confirmed, Is.True);
            Assert.That(rotated.Node.CredentialRotationPending, Is.False);
            Assert.That(newCredential, Does.StartWith("cmn_" + nodeId + "_").And.Not.EqualTo(oldCredential));
            Assert.That(withOld.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "the old credential stops working");
            Assert.That(withNewNode, Is.EqualTo(nodeId), "the new one opens a session");
            Assert.That(offline!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition), "a node without a session cannot be rotated");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task CredentialRotation_AgentCutOffBeforeConfirming_NewCredentialConfirmsItOrOldOneDropsIt(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        string nodeId;
        string first;
        await using (var joined = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "web-01", Capacity = Capacity() }, cancellationToken))
        {
            nodeId = joined.NodeId;
            first = joined.Credential;
        }
        var node = NodeId.Parse(nodeId);

        // Saved but the confirmation was lost: the agent comes back with the new credential, which confirms it.
        var second = await Host.Store.BeginCredentialRotationAsync(node, cancellationToken);
        await using (var withSecond = await RawAgentStream.OpenAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = second, Hostname = "web-01" }, cancellationToken))
        {
        }
        var firstAfter = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = first, Hostname = "web-01" }, cancellationToken);

        // Never saved: the agent comes back with the credential it holds, and the unsaved one is dropped.
        var third = await Host.Store.BeginCredentialRotationAsync(node, cancellationToken);
        await using (var withSecondAgain = await RawAgentStream.OpenAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = second, Hostname = "web-01" }, cancellationToken))
        {
        }
        var thirdAfter = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = nodeId, NodeCredential = third, Hostname = "web-01" }, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(firstAfter.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "presenting the new credential retired the old one");
            Assert.That(thirdAfter.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "presenting the old credential dropped the unsaved new one");
        });
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task RemoveNode_ConnectedNode_RefusedWithoutForceWithForceSessionEndsAndCredentialRefused(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await using var joined = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "web-01", Capacity = Capacity() }, cancellationToken);

        var withoutForce = Assert.ThrowsAsync<RpcException>(() => Host.Client.RemoveNodeAsync("web-01"));
        await Host.Client.RemoveNodeAsync("web-01", force: true);
        var closed = await joined.Ended.WaitAsync(TimeSpan.FromSeconds(10), cancellationToken);
        var reconnect = await RawAgentStream.RefusalAsync(Channel, new Hello { NodeId = joined.NodeId, NodeCredential = joined.Credential, Hostname = "web-01" }, cancellationToken);

        var nodes = (await Host.Client.ListNodesAsync("prod")).Nodes;
        Assert.Multiple(() =>
        {
            Assert.That(withoutForce!.StatusCode, Is.EqualTo(StatusCode.FailedPrecondition));
            Assert.That(withoutForce.Status.Detail, Does.Contain("--force"));
            Assert.That(closed?.Reason, Is.EqualTo("credential-revoked"));
            Assert.That(reconnect.StatusCode, Is.EqualTo(StatusCode.Unauthenticated), "the removed node cannot come back with its credential");
            Assert.That(nodes, Is.Empty);
        });
    }
}
