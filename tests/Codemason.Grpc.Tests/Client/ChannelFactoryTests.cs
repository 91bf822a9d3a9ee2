using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Grpc.Tests.Client;

/// <summary>Our client against our server: every shape, metadata, deadlines, cancellation, errors.</summary>
[TestFixture]
public sealed class GrpcChannelTests
{
    private GrpcTestHost _host = null!;
    private GrpcChannel _channel = null!;
    private Echo.Echo.EchoClient _client = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await GrpcTestHost.StartAsync(o => o.MaxReceiveMessageSize = 64 * 1024);
        _channel = GrpcChannelFactory.Create(_host.Address);
        _client = new Echo.Echo.EchoClient(_channel);
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Test, CancelAfter(10_000)]
    public async Task UnaryAsync_Echo_ReturnsReplyAndOkStatus(CancellationToken token)
    {
        using var call = _client.UnaryAsync(new EchoRequest { Message = "hi" }, new(cancellationToken: token));
        var reply = await call;
        Assert.That(reply.Message, Is.EqualTo("hi"));
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(10_000)]
    public async Task UnaryAsync_MetadataBothWays_HeadersAndTrailersRoundTrip(CancellationToken token)
    {
        var headers = new Metadata { { "x-text", "abc" }, { "x-data-bin", new byte[] { 0, 1, 255 } } };
        using var call = _client.UnaryAsync(new EchoRequest { Message = "headers" }, new(headers, deadline: DateTime.UtcNow.AddSeconds(5), cancellationToken: token));
        await call;
        var responseHeaders = await call.ResponseHeadersAsync;
        Assert.That(responseHeaders.GetValue("echo-header"), Is.EqualTo("abc"));
        Assert.That(call.GetTrailers().GetValueBytes("echo-bin"), Is.EqualTo(new byte[] { 0, 1, 255 }));
        Assert.That(call.GetTrailers().GetValue("echo-deadline"), Is.EqualTo("set"));
    }

    [Test, CancelAfter(10_000)]
    public async Task UnaryAsync_PeerAndMethod_AreKnownToHandler(CancellationToken token)
    {
        var reply = await _client.UnaryAsync(new EchoRequest { Message = "peer" }, new(cancellationToken: token));
        Assert.That(reply.Message, Does.StartWith("ipv4:127.0.0.1:").And.EndWith(" /codemason.test.Echo/Unary"));
    }

    [Test, CancelAfter(10_000)]
    public async Task ServerStreaming_CountFive_ReadsFiveRepliesInOrder(CancellationToken token)
    {
        using var call = _client.ServerStream(new EchoRequest { Message = "s", Count = 5 }, new(cancellationToken: token));
        var indices = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync(token))
        {
            indices.Add(reply.Index);
        }
        Assert.That(indices, Is.EqualTo(new[] { 0, 1, 2, 3, 4 }));
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(10_000)]
    public async Task ServerStreaming_ErrorAfterMessages_DeliversMessagesThenStatus(CancellationToken token)
    {
        using var call = _client.ServerStream(new EchoRequest { Message = "fail-after", Count = 2 }, new(cancellationToken: token));
        var received = 0;
        var ex = Assert.ThrowsAsync<RpcException>(async () =>
        {
            await foreach (var _ in call.ResponseStream.ReadAllAsync(token))
            {
                received++;
            }
        });
        Assert.That(received, Is.EqualTo(2));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Aborted));
        Assert.That(ex.Status.Detail, Is.EqualTo("stopped after 2"));
    }

    [Test, CancelAfter(10_000)]
    public async Task ClientStreaming_ThreeRequests_ReplyJoinsThem(CancellationToken token)
    {
        using var call = _client.ClientStream(new(cancellationToken: token));
        foreach (var text in new[] { "a", "b", "c" })
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = text }, token);
        }
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.That((reply.Message, reply.Index), Is.EqualTo(("abc", 3)));
    }

    [Test, CancelAfter(10_000)]
    public async Task ClientStreaming_NoRequests_ReplyIsEmpty(CancellationToken token)
    {
        using var call = _client.ClientStream(new(cancellationToken: token));
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.That(reply.Index, Is.Zero);
    }

    [Test, CancelAfter(10_000)]
    public async Task Duplex_Interleaved_EachRequestEchoedBeforeTheNextIsSent(CancellationToken token)
    {
        using var call = _client.Duplex(new(cancellationToken: token));
        for (var i = 0; i < 5; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = $"m{i}" }, token);
            Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
            Assert.That(call.ResponseStream.Current.Message, Is.EqualTo($"m{i}"));
        }
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(token), Is.False);
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(20_000)]
    public async Task Duplex_ManyMessages_AllArriveInOrder(CancellationToken token)
    {
        const int count = 20_000;
        using var call = _client.Duplex(new(cancellationToken: token));
        var writer = Task.Run(async () =>
        {
            for (var i = 0; i < count; i++)
            {
                await call.RequestStream.WriteAsync(new EchoRequest { Message = "x" }, token);
            }
            await call.RequestStream.CompleteAsync();
        }, token);
        var expected = 0;
        await foreach (var reply in call.ResponseStream.ReadAllAsync(token))
        {
            Assert.That(reply.Index, Is.EqualTo(expected++));
        }
        await writer;
        Assert.That(expected, Is.EqualTo(count));
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_DeadlineShorterThanHandler_ThrowsDeadlineExceeded(CancellationToken token)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(new EchoRequest { Message = "sleep" }, new(deadline: DateTime.UtcNow.AddMilliseconds(200), cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
    }

    [Test, CancelAfter(10_000)]
    public async Task UnaryAsync_Deadline_ServerHandlerTokenFires(CancellationToken token)
    {
        Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(new EchoRequest { Message = "sleep" }, new(deadline: DateTime.UtcNow.AddMilliseconds(200), cancellationToken: token)));
        await _host.State.HandlerCancelled.Task.WaitAsync(token);
        Assert.That(_host.State.Active, Is.Zero);
    }

    [Test, CancelAfter(10_000)]
    public async Task ServerStreaming_ClientCancelsMidStream_ServerHandlerIsFreed(CancellationToken token)
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(token);
        using var call = _client.ServerStream(new EchoRequest { Message = "forever" }, new(cancellationToken: cts.Token));
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        Assert.That(_host.State.Active, Is.EqualTo(1));
        await cts.CancelAsync();
        var ex = Assert.ThrowsAsync<RpcException>(async () =>
        {
            while (await call.ResponseStream.MoveNext(token))
            {
            }
        });
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Cancelled));
        await _host.State.HandlerCancelled.Task.WaitAsync(token);
        while (_host.State.Active != 0)
        {
            await Task.Delay(10, token);
        }
        Assert.That(_host.State.Active, Is.Zero);
    }

    [Test, CancelAfter(10_000)]
    public async Task Duplex_DisposedMidStream_ServerHandlerIsFreed(CancellationToken token)
    {
        var call = _client.Duplex(new(cancellationToken: token));
        await call.RequestStream.WriteAsync(new EchoRequest { Message = "one" }, token);
        Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        call.Dispose();
        await _host.State.HandlerCancelled.Task.WaitAsync(token);
        Assert.That(_host.State.HandlerCancelled.Task.IsCompletedSuccessfully, Is.True);
    }

    [TestCase(StatusCode.NotFound, "missing thing")]
    [TestCase(StatusCode.InvalidArgument, "Größe ungültig: 100% ✓")]
    [TestCase(StatusCode.PermissionDenied, "line1\nline2")]
    [CancelAfter(10_000)]
    public async Task UnaryAsync_HandlerThrowsRpcException_StatusDetailAndTrailersArrive(StatusCode code, string detail, CancellationToken token)
    {
        using var call = _client.UnaryAsync(new EchoRequest { Message = $"error:{(int)code}:{detail}" }, new(cancellationToken: token));
        var ex = Assert.ThrowsAsync<RpcException>(async () => await call);
        Assert.That(ex!.StatusCode, Is.EqualTo(code));
        Assert.That(ex.Status.Detail, Is.EqualTo(detail));
        Assert.That(ex.Trailers.GetValue("error-detail"), Is.EqualTo("from-handler"));
        await Task.CompletedTask;
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_HandlerThrowsUnexpectedException_UnknownWithoutDetailsAndLogged(CancellationToken token)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(new EchoRequest { Message = "throw" }, new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unknown));
        Assert.That(ex.Status.Detail, Does.Not.Contain("secret"));
        Assert.That(_host.Logs.Entries.Any(e => e.Exception is InvalidOperationException), Is.True);
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_RequestOverServerLimit_ResourceExhausted(CancellationToken token)
    {
        var big = new EchoRequest { Payload = Google.Protobuf.ByteString.CopyFrom(new byte[100 * 1024]) };
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(big, new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_ResponseOverClientLimit_ResourceExhausted(CancellationToken token)
    {
        using var small = GrpcChannelFactory.Create(_host.Address, new ChannelSettings { MaxReceiveMessageSize = 1000 });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await new Echo.Echo.EchoClient(small).UnaryAsync(new EchoRequest { Message = "big", Count = 5000 }, new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_RequestOverClientSendLimit_ResourceExhaustedBeforeSending(CancellationToken token)
    {
        using var small = GrpcChannelFactory.Create(_host.Address, new ChannelSettings { MaxSendMessageSize = 10 });
        var ex = Assert.ThrowsAsync<RpcException>(async () => await new Echo.Echo.EchoClient(small).UnaryAsync(new EchoRequest { Message = "longer than ten bytes" }, new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.ResourceExhausted));
    }

    [Test, CancelAfter(10_000)]
    public void UnaryAsync_NoServerListening_Unavailable(CancellationToken token)
    {
        using var nowhere = GrpcChannelFactory.Create(new Uri("http://127.0.0.1:1"));
        var ex = Assert.ThrowsAsync<RpcException>(async () => await new Echo.Echo.EchoClient(nowhere).UnaryAsync(new EchoRequest(), new(cancellationToken: token)));
        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.Unavailable));
    }


    [Test, CancelAfter(20_000)]
    public async Task UnaryAsync_ManyConcurrentCalls_AllSucceed(CancellationToken token)
    {
        var calls = Enumerable.Range(0, 200).Select(async i =>
            (await _client.UnaryAsync(new EchoRequest { Message = i.ToString(System.Globalization.CultureInfo.InvariantCulture) }, new(cancellationToken: token))).Message);
        var replies = await Task.WhenAll(calls);
        Assert.That(replies, Is.EqualTo(Enumerable.Range(0, 200).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))));
    }
}
