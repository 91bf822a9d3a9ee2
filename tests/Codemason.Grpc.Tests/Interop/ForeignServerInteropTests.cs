using System.Diagnostics;
using Codemason.Grpc.Tests.Interop.Contract;
using Codemason.Testing.Interop;
using Grpc.Core;
using Grpc.Net.Client;

namespace Codemason.Grpc.Tests.Interop;

/// <summary>
/// A Grpc.Net.Client generated client (the stack of the product's client) against servers of gRPC stacks that are
/// not ours: python3-grpcio and Node's @grpc/grpc-js, both serving <c>Interop/protos/interop_test.proto</c> over
/// cleartext HTTP/2 on loopback.
/// </summary>
[TestFixture("python")]
[TestFixture("node")]
[Category("Integration"), Category("Interop")]
public sealed class ForeignServerInteropTests(string stack)
{
    private readonly ForeignPeer _peer = ForeignPeer.Named(stack);
    private Process? _server;
    private string? _descriptor;
    private GrpcChannel? _channel;
    private InteropTest.InteropTestClient _client = null!;

    [OneTimeSetUp]
    public async Task StartServer()
    {
        _peer.Require();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        string contract;
        if (stack == "python")
        {
            // Python builds its message classes from the descriptor; Node reads the .proto file itself.
            _descriptor = Path.Combine(Path.GetTempPath(), $"codemason-interop-test-{Environment.ProcessId}.pb");
            await File.WriteAllBytesAsync(_descriptor, InteropTestReflection.Descriptor.SerializedData.ToByteArray(), timeout.Token);
            contract = _descriptor;
        }
        else
        {
            contract = Path.Combine(AppContext.BaseDirectory, "Interop", "protos", "interop_test.proto");
        }
        (_server, var port) = await _peer.StartServerAsync($"interop_test_server.{(stack == "python" ? "py" : "js")}", timeout.Token, contract);
        _channel = GrpcChannel.ForAddress($"http://127.0.0.1:{port}");
        _client = new InteropTest.InteropTestClient(_channel);
    }

    [OneTimeTearDown]
    public void StopServer()
    {
        _channel?.Dispose();
        if (_server is { HasExited: false })
        {
            _server.Kill(entireProcessTree: true);
            _server.WaitForExit(5000);
        }
        _server?.Dispose();
        if (_descriptor is not null)
        {
            File.Delete(_descriptor);
        }
    }

    private static DateTime In(TimeSpan timeout) => TimeProvider.System.GetUtcNow().UtcDateTime + timeout;

    [Test, CancelAfter(20_000)]
    public async Task UnaryAsync_ForeignServer_ReplyHeaderTrailerAndTheDeadlineItSaw(CancellationToken cancellationToken)
    {
        using var call = _client.UnaryAsync(new Ping { Text = "hi" }, new Metadata { { "x-interop", "abc" } },
            In(TimeSpan.FromSeconds(10)), cancellationToken);

        var reply = await call;
        var headers = await call.ResponseHeadersAsync;
        Assert.Multiple(() =>
        {
            Assert.That(reply.Text, Is.EqualTo("hi"));
            Assert.That(reply.DeadlineLeftMs, Is.InRange(1, 10_000), "the deadline travelled as grpc-timeout");
            Assert.That(headers.GetValue("interop-header"), Is.EqualTo("abc"));
            Assert.That(call.GetTrailers().GetValue("interop-trailer"), Is.EqualTo("abc"));
            Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
        });
    }

    [Test, CancelAfter(20_000)]
    public async Task ServerStreaming_ForeignServer_ReadsEveryReplyInOrder(CancellationToken cancellationToken)
    {
        using var call = _client.ServerStream(new Ping { Text = "s", Count = 50 }, deadline: In(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);

        var indices = new List<int>();
        await foreach (var reply in call.ResponseStream.ReadAllAsync(cancellationToken))
        {
            indices.Add(reply.Index);
        }
        Assert.That(indices, Is.EqualTo(Enumerable.Range(0, 50)));
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(20_000)]
    public async Task ClientStreaming_ForeignServer_JoinsEveryRequest(CancellationToken cancellationToken)
    {
        using var call = _client.ClientStream(deadline: In(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);
        foreach (var text in new[] { "x", "y", "z" })
        {
            await call.RequestStream.WriteAsync(new Ping { Text = text }, cancellationToken);
        }
        await call.RequestStream.CompleteAsync();

        var reply = await call;
        Assert.That((reply.Text, reply.Index), Is.EqualTo(("xyz", 3)));
    }

    [Test, CancelAfter(20_000)]
    public async Task Bidi_ForeignServer_EchoesEachRequestBeforeTheNextIsSent(CancellationToken cancellationToken)
    {
        using var call = _client.Bidi(deadline: In(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken);

        var echoed = new List<(string, int)>();
        for (var i = 0; i < 3; i++)
        {
            await call.RequestStream.WriteAsync(new Ping { Text = $"d{i}" }, cancellationToken);
            Assert.That(await call.ResponseStream.MoveNext(cancellationToken), Is.True);
            echoed.Add((call.ResponseStream.Current.Text, call.ResponseStream.Current.Index));
        }
        await call.RequestStream.CompleteAsync();

        Assert.That(echoed, Is.EqualTo(new[] { ("d0", 0), ("d1", 1), ("d2", 2) }));
        Assert.That(await call.ResponseStream.MoveNext(cancellationToken), Is.False);
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    [Test, CancelAfter(20_000)]
    public void UnaryAsync_DeadlineShorterThanTheServersWork_DeadlineExceededWithoutWaitingForIt(CancellationToken cancellationToken)
    {
        var started = Stopwatch.StartNew();

        var ex = Assert.ThrowsAsync<RpcException>(async () =>
            await _client.UnaryAsync(new Ping { Text = "slow", DelayMs = 5_000 }, deadline: In(TimeSpan.FromMilliseconds(300)), cancellationToken: cancellationToken));

        Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.DeadlineExceeded));
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromSeconds(4)));
    }

    [Test, CancelAfter(20_000)]
    public void UnaryAsync_ServerEndsWithAStatusAndTrailers_CodeDecodedDetailAndTrailers(CancellationToken cancellationToken)
    {
        var ex = Assert.ThrowsAsync<RpcException>(async () => await _client.UnaryAsync(
            new Ping { Text = "nicht gefunden \u00fc 100%", FailCode = (int)StatusCode.NotFound }, deadline: In(TimeSpan.FromSeconds(10)), cancellationToken: cancellationToken));

        Assert.Multiple(() =>
        {
            Assert.That(ex!.StatusCode, Is.EqualTo(StatusCode.NotFound));
            Assert.That(ex.Status.Detail, Is.EqualTo("nicht gefunden \u00fc 100%"), "grpc-message is percent-encoded UTF-8");
            Assert.That(ex.Trailers.GetValue("interop-reason"), Is.EqualTo("requested"));
            Assert.That(ex.Trailers.GetValueBytes("interop-data-bin"), Is.EqualTo(new byte[] { 0x00, 0x01, 0xfe, 0xff }), "a -bin trailer is base64 on the wire");
        });
    }
}
