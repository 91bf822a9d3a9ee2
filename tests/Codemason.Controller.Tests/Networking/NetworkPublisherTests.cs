using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;

namespace Codemason.Controller.Tests.Networking;

/// <summary>
/// The environment network each node is sent, checked with raw agent streams against the real controller (in
/// process, real HTTP/2 on 127.0.0.1, real SQLite): at session start, and again when a replica starts running.
/// </summary>
public sealed class NetworkPublisherTests : RawAgentStreamTest
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Session_GetsItsGatewayPeersAndNames_ARunningReplicaJoinsItsNamesEverywhere(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await using var a = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "node-a", Capacity = Capacity(), AdvertiseAddress = "10.213.0.11" }, cancellationToken);
        await using var b = await RawAgentStream.OpenAsync(Channel, new Hello { JoinToken = token, Hostname = "node-b", Capacity = Capacity(), AdvertiseAddress = "10.213.0.12" }, cancellationToken);
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = MasonSamples.Shop(1), Answers = { MasonSamples.ShopAnswers } });
        var db = (await Host.Client.ListReplicasAsync("prod")).Replicas.Single(r => r.Service == "db");
        var owner = db.NodeId == a.NodeId ? a : b;

        var before = await b.NetworkAsync(n => n.Apps.Count == 1, cancellationToken);
        await owner.SendAsync(new AgentMessage
        {
            Status = new StatusBatch { Replicas = { new ReplicaStatus { ReplicaId = db.Id, State = ReplicaState.Running, ContainerId = "c1", SpecHash = db.SpecHash } } },
        }, cancellationToken);
        var afterOnA = await a.NetworkAsync(n => Addresses(n, "database").Count > 0, cancellationToken);
        var afterOnB = await b.NetworkAsync(n => Addresses(n, "database").Count > 0, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(before.Subnet, Is.EqualTo("10.208.0.0/16"));
            Assert.That(before.Peers, Is.EqualTo(new[] { "10.213.0.11" }), "b floods to a, not to itself");
            Assert.That(Addresses(before, "db"), Is.Empty, "no replica runs yet: the name answers nothing, fast");
            Assert.That(afterOnA.Gateway, Is.Not.EqualTo(afterOnB.Gateway));
            Assert.That(Addresses(afterOnA, "db"), Is.EqualTo(new[] { db.Address }));
            Assert.That(Addresses(afterOnB, "database"), Is.EqualTo(new[] { db.Address }), "web's link alias, on the other node too");
            Assert.That(afterOnB.Apps.Single().Members, Does.Contain(db.Address));
        });
    }

    private static List<string> Addresses(EnvironmentNetwork network, string name) =>
        [.. network.Apps.SelectMany(a => a.Names).Where(n => n.Name == name).SelectMany(n => n.Addresses)];
}
