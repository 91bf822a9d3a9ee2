using Codemason.Controller.Tests.Infrastructure;
using Codemason.Proto.V1;
using Codemason.Testing;
using Grpc.Core;

namespace Codemason.Controller.Tests.Api;

/// <summary>WatchService through the real gRPC client: resume from a list's revision, bookmark, live changes, OUT_OF_RANGE.</summary>
public sealed class WatchApiTests
{
    private ControllerTestHost _host = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await ControllerTestHost.StartAsync(new Dictionary<string, string?> { ["Store:MaxChanges"] = "5" });
        await _host.Client.CreateEnvironmentAsync("prod");
    }

    [TearDown]
    public async Task TearDown() => await _host.DisposeAsync();

    private static ApplyRequest Shop(string image) => new()
    {
        Environment = "prod",
        MasonJson = MasonSamples.Shop(1, image),
        Answers = { MasonSamples.ShopAnswers },
    };

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_FromAListRevision_SendsLaterChangesThenABookmarkThenLiveChanges(CancellationToken cancellationToken)
    {
        var list = await _host.Client.ListAppsAsync("prod");
        var applied = await _host.Client.ApplyAsync(Shop("web:1"));
        using var call = _host.Client.Watch(new WatchRequest { Environment = "prod", Kinds = { ResourceKind.App }, FromRevision = list.StoreRevision }, cancellationToken);

        var backlog = await ReadUntilBookmarkAsync(call, cancellationToken);
        var live = await _host.Client.ApplyAsync(Shop("web:2"));
        var next = await ReadAsync(call, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(backlog.Select(e => (e.Type, e.App.Name, e.App.Revision)), Is.EqualTo(new[] { (WatchEvent.Types.Type.Added, "shop", 1UL) }));
            Assert.That(backlog[0].StoreRevision, Is.EqualTo(applied.StoreRevision));
            Assert.That(next.Type, Is.EqualTo(WatchEvent.Types.Type.Modified));
            Assert.That(next.App.Revision, Is.EqualTo(2UL));
            Assert.That(next.StoreRevision, Is.EqualTo(live.StoreRevision));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_FromZero_StartsWithABookmarkAndSendsOnlyNewChanges(CancellationToken cancellationToken)
    {
        await _host.Client.ApplyAsync(Shop("web:1"));
        using var call = _host.Client.Watch(new WatchRequest { Kinds = { ResourceKind.Replica }, App = "shop" }, cancellationToken);

        var first = await ReadAsync(call, cancellationToken);
        await _host.Client.ScaleAsync("prod", "shop", "web", 2);
        var added = await ReadAsync(call, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(first.Type, Is.EqualTo(WatchEvent.Types.Type.Bookmark));
            Assert.That(added.Type, Is.EqualTo(WatchEvent.Types.Type.Added));
            Assert.That(added.Replica.Id, Is.EqualTo("prod/shop/web#2"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_LiveChange_ArrivesWithinMilliseconds(CancellationToken cancellationToken)
    {
        using var call = _host.Client.Watch(new WatchRequest { Kinds = { ResourceKind.App } }, cancellationToken);
        await ReadAsync(call, cancellationToken);

        var started = System.Diagnostics.Stopwatch.StartNew();
        await _host.Client.ApplyAsync(Shop("web:1"));
        var applied = started.Elapsed;
        var change = await ReadAsync(call, cancellationToken);
        var seen = started.Elapsed;

        Assert.Multiple(() =>
        {
            Assert.That(change.App.Name, Is.EqualTo("shop"));
            Assert.That(seen - applied, Is.LessThan(TimeSpan.FromMilliseconds(500)));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_RevisionOlderThanTheHistory_OutOfRange(CancellationToken cancellationToken)
    {
        for (var i = 1; i <= 3; i++)
        {
            await _host.Client.ApplyAsync(Shop($"web:{i}"));
        }
        await _host.Store.PruneAsync(cancellationToken);
        using var call = _host.Client.Watch(new WatchRequest { FromRevision = 1 }, cancellationToken);

        var error = Assert.ThrowsAsync<RpcException>(async () => await call.ResponseStream.MoveNext(cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(error!.StatusCode, Is.EqualTo(StatusCode.OutOfRange));
            Assert.That(error.Status.Detail, Does.Contain("list again"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_MoreStreamsThanTheTokenMayHold_ResourceExhaustedUntilOneCloses(CancellationToken cancellationToken)
    {
        await using var host = await ControllerTestHost.StartAsync(new Dictionary<string, string?> { ["Api:MaxWatchesPerToken"] = "2" });
        var first = host.Client.Watch(new WatchRequest(), cancellationToken);
        using var second = host.Client.Watch(new WatchRequest(), cancellationToken);
        Assert.That((await ReadAsync(first, cancellationToken)).Type, Is.EqualTo(WatchEvent.Types.Type.Bookmark));
        Assert.That((await ReadAsync(second, cancellationToken)).Type, Is.EqualTo(WatchEvent.Types.Type.Bookmark));

        using var third = host.Client.Watch(new WatchRequest(), cancellationToken);
        var refused = Assert.ThrowsAsync<RpcException>(async () => await third.ResponseStream.MoveNext(cancellationToken));
        first.Dispose();
        await Eventually.TrueAsync(async () =>
        {
            using var call = host.Client.Watch(new WatchRequest(), cancellationToken);
            try
            {
                return await call.ResponseStream.MoveNext(cancellationToken) && call.ResponseStream.Current.Type == WatchEvent.Types.Type.Bookmark;
            }
            catch (RpcException e) when (e.StatusCode == StatusCode.ResourceExhausted)
            {
                return false;
            }
        }, TimeSpan.FromSeconds(10), "closing a watch frees its slot", cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(refused!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
            Assert.That(refused.Status.Detail, Does.Contain("2 watch streams open"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Watch_AgentReportsReplicaRunningThenFailed_AppRunningCountFollows(CancellationToken cancellationToken)
    {
        var token = await _host.Store.IssueJoinTokenAsync("prod", rotate: false, cancellationToken);
        var node = await _host.Store.RegisterNodeAsync(
            token,
            new Controller.Store.NodeDetails("n1", new Dictionary<string, string>(), new Resources { MemoryMb = 4096, CpuShares = 2048 }, "24.0.0", "1.0.0", "127.0.0.1:1"),
            cancellationToken);
        await _host.Client.ApplyAsync(Shop("web:1"));
        var placed = await _host.Client.ListReplicasAsync("prod", "shop");
        Assert.That(placed.Replicas.Single(r => r.Service == "web").NodeId, Is.EqualTo(node!.NodeId.Value), "the replica is placed on the node");
        using var call = _host.Client.Watch(new WatchRequest { Kinds = { ResourceKind.App }, App = "shop" }, cancellationToken);
        await ReadAsync(call, cancellationToken);
        var now = DateTimeOffset.UtcNow;

        await _host.Store.ApplyReplicaStatusesAsync(node.NodeId, [Status("prod/shop/web#1", ReplicaState.Running, now)], cancellationToken);
        var running = await ReadAsync(call, cancellationToken);
        await _host.Store.ApplyReplicaStatusesAsync(node.NodeId, [Status("prod/shop/web#1", ReplicaState.Failed, now.AddSeconds(1))], cancellationToken);
        var failed = await ReadAsync(call, cancellationToken);
        var listed = await _host.Client.ListAppsAsync("prod");

        Assert.Multiple(() =>
        {
            Assert.That(running.Type, Is.EqualTo(WatchEvent.Types.Type.Modified));
            Assert.That(running.App.Services.Single(s => s.Name == "web").Running, Is.EqualTo(1U));
            Assert.That(failed.App.Services.Single(s => s.Name == "web").Running, Is.EqualTo(0U));
            Assert.That(failed.StoreRevision, Is.GreaterThan(running.StoreRevision));
            Assert.That(failed.App.StoreRevision, Is.EqualTo(failed.StoreRevision));
            Assert.That(listed.Apps.Single().Services.Single(s => s.Name == "web").Running, Is.EqualTo(0U));
        });
    }

    private static ReplicaStatus Status(string replica, ReplicaState state, DateTimeOffset observedAt) => new()
    {
        ReplicaId = replica,
        State = state,
        ContainerId = "c-" + replica,
        ObservedAt = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(observedAt),
    };

    private static async Task<List<WatchEvent>> ReadUntilBookmarkAsync(AsyncServerStreamingCall<WatchEvent> call, CancellationToken cancellationToken)
    {
        var events = new List<WatchEvent>();
        while (true)
        {
            var next = await ReadAsync(call, cancellationToken);
            if (next.Type == WatchEvent.Types.Type.Bookmark)
            {
                return events;
            }
            events.Add(next);
        }
    }

    private static async Task<WatchEvent> ReadAsync(AsyncServerStreamingCall<WatchEvent> call, CancellationToken cancellationToken)
    {
        Assert.That(await call.ResponseStream.MoveNext(cancellationToken), Is.True, "the watch ended");
        return call.ResponseStream.Current;
    }
}
