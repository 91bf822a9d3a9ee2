using System.Diagnostics;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// What each node's session is sent, checked with raw agent streams against the real controller (in process, real
/// HTTP/2 on 127.0.0.1, real SQLite). An app deletion is one store transaction, so every node gets one set removing all
/// of its replicas, each node's session on its own (docs/benchmarks.md, "3 nodes vs 1"). A resync is answered with a
/// complete set by the session's change loop itself, so the increments that follow start from it.
/// </summary>
public sealed class SessionDispatchTests : RawAgentStreamTest
{
    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteApp_TenReplicasOnThreeNodes_EachNodeGetsOneSetRemovingAllOfItsReplicas(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        var streams = new List<RawAgentStream>();
        for (var k = 1; k <= 3; k++)
        {
            streams.Add(await RawAgentStream.OpenAsync(Channel,
                new Hello { JoinToken = token, Hostname = $"node-{k}", Capacity = Capacity(), AdvertiseAddress = $"10.213.0.1{k}" }, cancellationToken));
        }
        try
        {
            await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(10) });
            var placed = (await Host.Client.ListReplicasAsync("prod", "sleepers")).Replicas;
            foreach (var stream in streams)
            {
                var mine = placed.Where(r => r.NodeId == stream.NodeId).Select(r => r.Id).ToHashSet();
                await stream.AssignedAsync(mine, cancellationToken);
            }

            var watch = Stopwatch.StartNew();
            var deleted = await Host.Client.DeleteAppAsync("prod", "sleepers");
            var removals = new List<(RawAgentStream Stream, IReadOnlyList<AssignmentSet> Sets, TimeSpan At)>();
            foreach (var stream in streams)
            {
                var mine = placed.Where(r => r.NodeId == stream.NodeId).Select(r => r.Id).ToHashSet();
                var sets = await stream.RemovedAsync(mine, cancellationToken);
                removals.Add((stream, sets, watch.Elapsed));
            }
            foreach (var (stream, sets, at) in removals)
            {
                TestContext.Out.WriteLine($"{stream.NodeId}: {sets.Count} set(s) by {at.TotalMilliseconds:0} ms: "
                    + string.Join(" | ", sets.Select(s => $"{s.Kind} {s.PrevRevision}->{s.Revision} removed {s.RemovedReplicaIds.Count} deleted {s.DeletedApps.Count}")));
            }

            Assert.Multiple(() =>
            {
                Assert.That(placed.Select(r => r.NodeId).Distinct().Count(), Is.EqualTo(3), "spread over the three nodes");
                foreach (var (stream, sets, _) in removals)
                {
                    var mine = placed.Where(r => r.NodeId == stream.NodeId).Select(r => r.Id).Order(StringComparer.Ordinal).ToList();
                    Assert.That(sets, Has.Count.EqualTo(1), $"{stream.NodeId}: one set carries the whole deletion");
                    Assert.That(sets[0].RemovedReplicaIds.Order(StringComparer.Ordinal), Is.EqualTo(mine), $"{stream.NodeId}: every replica it held");
                    Assert.That(sets[0].Revision, Is.GreaterThanOrEqualTo(deleted.StoreRevision), $"{stream.NodeId}: at or after the deletion");
                    Assert.That(sets[0].DeletedApps.Select(a => a.App), Is.EqualTo(new[] { "sleepers" }));
                }
            });
        }
        finally
        {
            foreach (var stream in streams)
            {
                await stream.DisposeAsync();
            }
        }
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task Resync_AfterChanges_TheNodeGetsACompleteSetAndIncrementsFollowOnFromIt(CancellationToken cancellationToken)
    {
        await Host.Client.CreateEnvironmentAsync("prod");
        var token = (await Host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await using var stream = await RawAgentStream.OpenAsync(Channel,
            new Hello { JoinToken = token, Hostname = "node-1", Capacity = Capacity(), AdvertiseAddress = "10.213.0.11" }, cancellationToken);
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(2) });
        await stream.AssignedAsync((await Host.Client.ListReplicasAsync("prod", "sleepers")).Replicas.Select(r => r.Id).ToHashSet(), cancellationToken);

        await stream.ResyncAsync(cancellationToken);
        var complete = await stream.NextSetAsync(cancellationToken);
        await Host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(3) });
        var increment = await stream.NextSetAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(complete.Kind, Is.EqualTo(AssignmentSet.Types.Kind.Complete), "the answer to a resync");
            Assert.That(complete.Upserts, Has.Count.EqualTo(2), "everything the node holds");
            Assert.That(increment.Kind, Is.EqualTo(AssignmentSet.Types.Kind.Incremental));
            Assert.That(increment.PrevRevision, Is.EqualTo(complete.Revision), "the next increment starts where the complete set ended");
            Assert.That(increment.Upserts.Select(u => u.ReplicaId), Has.Some.EndsWith("#3"));
        });
    }

    private static string Sleepers(int scale) => $$"""
        {
            "name": "sleepers",
            "masonVersion": "v1",
            "services": [ { "name": "w", "image": "busybox:1.36", "command": ["sleep", "3600"], "scale": {{scale}} } ],
        }
        """;
}
