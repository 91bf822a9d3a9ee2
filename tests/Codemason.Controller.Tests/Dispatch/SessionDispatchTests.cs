using System.Diagnostics;
using System.Threading.Channels;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Grpc.Client;
using Codemason.Proto.V1;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Controller.Tests.Dispatch;

/// <summary>
/// What each node's session is sent, checked with raw agent streams against the real controller (in process, real
/// HTTP/2 on 127.0.0.1, real SQLite). An app deletion is one store transaction, so every node gets one set removing all
/// of its replicas, each node's session on its own (docs/benchmarks.md, "3 nodes vs 1"). A resync is answered with a
/// complete set by the session's change loop itself, so the increments that follow start from it.
/// </summary>
[NonParallelizable]
public sealed class SessionDispatchTests
{
    private ControllerTestHost _host = null!;
    private GrpcChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync(dispatcher: true);
        _channel = GrpcChannelFactory.Create(_host.Address);
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Test]
    [CancelAfter(60_000)]
    public async Task DeleteApp_TenReplicasOnThreeNodes_EachNodeGetsOneSetRemovingAllOfItsReplicas(CancellationToken cancellationToken)
    {
        await _host.Client.CreateEnvironmentAsync("prod");
        var token = (await _host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        var streams = new List<AgentStream>();
        for (var k = 1; k <= 3; k++)
        {
            streams.Add(await AgentStream.OpenAsync(_channel,
                new Hello { JoinToken = token, Hostname = $"node-{k}", Capacity = Capacity(), AdvertiseAddress = $"10.213.0.1{k}" }, cancellationToken));
        }
        try
        {
            await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(10) });
            var placed = (await _host.Client.ListReplicasAsync("prod", "sleepers")).Replicas;
            foreach (var stream in streams)
            {
                var mine = placed.Where(r => r.NodeId == stream.NodeId).Select(r => r.Id).ToHashSet();
                await stream.AssignedAsync(mine, cancellationToken);
            }

            var watch = Stopwatch.StartNew();
            var deleted = await _host.Client.DeleteAppAsync("prod", "sleepers");
            var removals = new List<(AgentStream Stream, IReadOnlyList<AssignmentSet> Sets, TimeSpan At)>();
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
        await _host.Client.CreateEnvironmentAsync("prod");
        var token = (await _host.Client.IssueJoinTokenAsync("prod", rotate: false)).JoinToken;
        await using var stream = await AgentStream.OpenAsync(_channel,
            new Hello { JoinToken = token, Hostname = "node-1", Capacity = Capacity(), AdvertiseAddress = "10.213.0.11" }, cancellationToken);
        await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(2) });
        await stream.AssignedAsync([.. (await _host.Client.ListReplicasAsync("prod", "sleepers")).Replicas.Select(r => r.Id)], cancellationToken);

        await stream.ResyncAsync(cancellationToken);
        var complete = await stream.NextAsync(cancellationToken);
        await _host.Client.ApplyAsync(new ApplyRequest { Environment = "prod", MasonJson = Sleepers(3) });
        var increment = await stream.NextAsync(cancellationToken);

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

    private static Resources Capacity() => new() { MemoryMb = 8192, CpuShares = 4096 };

    /// <summary>A raw agent stream that acknowledges every assignment set, as an agent does, and keeps them for the test.</summary>
    private sealed class AgentStream : IAsyncDisposable
    {
        private readonly AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> _call;
        private readonly CancellationTokenSource _end;
        private readonly Channel<AssignmentSet> _sets = Channel.CreateUnbounded<AssignmentSet>();
        private readonly Task _reading;
        private readonly SemaphoreSlim _writing = new(1, 1);

        private AgentStream(AsyncDuplexStreamingCall<AgentMessage, ControllerMessage> call, CancellationTokenSource end, string nodeId)
        {
            _call = call;
            _end = end;
            NodeId = nodeId;
            _reading = ReadAsync();
        }

        public string NodeId { get; }

        public static async Task<AgentStream> OpenAsync(GrpcChannel channel, Hello hello, CancellationToken cancellationToken)
        {
            var end = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var call = new AgentService.AgentServiceClient(channel).Connect(cancellationToken: end.Token);
            await call.RequestStream.WriteAsync(new AgentMessage { Hello = hello }, end.Token);
            while (await call.ResponseStream.MoveNext(end.Token))
            {
                if (call.ResponseStream.Current.KindCase == ControllerMessage.KindOneofCase.SessionStarted)
                {
                    return new AgentStream(call, end, call.ResponseStream.Current.SessionStarted.NodeId);
                }
            }
            throw new InvalidOperationException("the stream ended before SessionStarted");
        }

        /// <summary>Asks for the complete set again, as an agent that found a gap does.</summary>
        public async Task ResyncAsync(CancellationToken cancellationToken)
        {
            await _writing.WaitAsync(cancellationToken);
            try
            {
                await _call.RequestStream.WriteAsync(new AgentMessage { Resync = new ResyncRequest { Reason = "test" } }, cancellationToken);
            }
            finally
            {
                _writing.Release();
            }
        }

        /// <summary>The next set.</summary>
        public async Task<AssignmentSet> NextAsync(CancellationToken cancellationToken) => await _sets.Reader.ReadAsync(cancellationToken);

        /// <summary>Reads sets until every one of <paramref name="replicas"/> was upserted.</summary>
        public async Task AssignedAsync(HashSet<string> replicas, CancellationToken cancellationToken)
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var set in _sets.Reader.ReadAllAsync(cancellationToken))
            {
                seen.UnionWith(set.Upserts.Select(u => u.ReplicaId));
                if (replicas.IsSubsetOf(seen))
                {
                    return;
                }
            }
        }

        /// <summary>The sets read until every one of <paramref name="replicas"/> was removed.</summary>
        public async Task<IReadOnlyList<AssignmentSet>> RemovedAsync(HashSet<string> replicas, CancellationToken cancellationToken)
        {
            var sets = new List<AssignmentSet>();
            var removed = new HashSet<string>(StringComparer.Ordinal);
            await foreach (var set in _sets.Reader.ReadAllAsync(cancellationToken))
            {
                sets.Add(set);
                removed.UnionWith(set.RemovedReplicaIds);
                if (replicas.IsSubsetOf(removed))
                {
                    break;
                }
            }
            return sets;
        }

        private async Task ReadAsync()
        {
            try
            {
                while (await _call.ResponseStream.MoveNext(_end.Token))
                {
                    if (_call.ResponseStream.Current.KindCase == ControllerMessage.KindOneofCase.Assignments)
                    {
                        var set = _call.ResponseStream.Current.Assignments;
                        _sets.Writer.TryWrite(set);
                        await _writing.WaitAsync(_end.Token);
                        try
                        {
                            await _call.RequestStream.WriteAsync(new AgentMessage { Applied = new AssignmentsApplied { Revision = set.Revision } }, _end.Token);
                        }
                        finally
                        {
                            _writing.Release();
                        }
                    }
                }
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException)
            {
                // The test closed the stream.
            }
            _sets.Writer.TryComplete();
        }

        public async ValueTask DisposeAsync()
        {
            await _end.CancelAsync();
            await _reading;
            _call.Dispose();
            _end.Dispose();
            _writing.Dispose();
        }
    }
}
