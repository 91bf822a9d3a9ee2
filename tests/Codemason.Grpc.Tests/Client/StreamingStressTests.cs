using System.Diagnostics;
using Codemason.Grpc.Client;
using Codemason.Grpc.Tests.Echo;
using Codemason.Grpc.Tests.Infrastructure;

namespace Codemason.Grpc.Tests.Client;

/// <summary>
/// Start/complete races of request streams: the zero- and few-message client-streaming and duplex
/// shapes, many at once on one connection (loopback), each bounded by its own watchdog. Any call
/// that does not finish in time is a hang and fails the test with the shapes that hung.
/// </summary>
[TestFixture]
public sealed class StreamingStressTests
{
    private const int Rounds = 10;
    private const int CallsPerShape = 25;
    private static readonly TimeSpan PerCallLimit = TimeSpan.FromSeconds(5);

    private GrpcTestHost _host = null!;
    private GrpcChannel _channel = null!;

    [SetUp]
    public async Task SetUp()
    {
        _host = await GrpcTestHost.StartAsync();
        _channel = GrpcChannel.ForAddress(_host.Address);
    }

    [TearDown]
    public async Task TearDown()
    {
        _channel.Dispose();
        await _host.DisposeAsync();
    }

    [Test, CancelAfter(60_000)]
    public async Task StreamingShapes_ManyConcurrent_NoneHangs(CancellationToken token)
    {
        var shapes = new (string Name, Func<CancellationToken, Task> Run)[]
        {
            ("client-streaming 0", t => ClientStreamingAsync(0, t)),
            ("client-streaming 1", t => ClientStreamingAsync(1, t)),
            ("client-streaming 3", t => ClientStreamingAsync(3, t)),
            ("duplex 0", t => DuplexAsync(0, t)),
            ("duplex 1", t => DuplexAsync(1, t)),
            ("duplex 3", t => DuplexAsync(3, t)),
            ("duplex 0, complete before reading", t => DuplexCompleteFirstAsync(0, t)),
            ("duplex 2, complete before reading", t => DuplexCompleteFirstAsync(2, t)),
            ("duplex 0, server speaks first", t => DuplexServerFirstAsync(_channel, 0, t)),
            ("duplex 2, server speaks first", t => DuplexServerFirstAsync(_channel, 2, t)),
        };
        var hung = new List<string>();
        var failed = new List<string>();
        var total = Stopwatch.StartNew();
        for (var round = 0; round < Rounds; round++)
        {
            var calls = new List<(string Name, Task Task)>();
            foreach (var (name, run) in shapes)
            {
                for (var i = 0; i < CallsPerShape; i++)
                {
                    calls.Add((name, WithWatchdogAsync(run, token)));
                }
            }
            foreach (var (name, task) in calls)
            {
                try
                {
                    await task;
                }
                catch (TimeoutException)
                {
                    hung.Add(name);
                }
                catch (Exception ex) when (!token.IsCancellationRequested)
                {
                    failed.Add($"{name}: {ex.GetType().Name}: {ex.Message}");
                }
            }
            if (hung.Count > 0 || failed.Count > 0)
            {
                break;
            }
        }
        TestContext.Out.WriteLine($"{Rounds * shapes.Length * CallsPerShape} calls in {total.ElapsedMilliseconds} ms");
        Assert.Multiple(() =>
        {
            Assert.That(hung.GroupBy(n => n).Select(g => $"{g.Key} x{g.Count()}"), Is.Empty, "calls that hung");
            Assert.That(failed.Distinct(), Is.Empty, "calls that failed");
        });
    }

    /// <summary>
    /// One call at a time on an otherwise idle connection: nothing else flushes the connection, so a
    /// request HEADERS frame left in the client's buffer is never sent and the call never starts.
    /// </summary>
    [Test, CancelAfter(60_000)]
    public async Task ServerSpeaksFirst_IdleConnection_EveryCallStarts(CancellationToken token)
    {
        var hung = 0;
        for (var i = 0; i < 20 && hung == 0; i++)
        {
            try
            {
                await WithWatchdogAsync(t => DuplexServerFirstAsync(_channel, i % 2, t), token);
            }
            catch (TimeoutException)
            {
                hung++;
                TestContext.Out.WriteLine($"call {i} did not start within {PerCallLimit.TotalSeconds} s");
            }
        }
        Assert.That(hung, Is.Zero, "calls whose HEADERS never reached the server");
    }

    private static async Task WithWatchdogAsync(Func<CancellationToken, Task> run, CancellationToken token)
    {
        using var watchdog = CancellationTokenSource.CreateLinkedTokenSource(token);
        watchdog.CancelAfter(PerCallLimit);
        try
        {
            await Task.Run(() => run(watchdog.Token), CancellationToken.None);
        }
        catch (Exception) when (watchdog.IsCancellationRequested && !token.IsCancellationRequested)
        {
            throw new TimeoutException();
        }
    }

    private async Task ClientStreamingAsync(int count, CancellationToken token)
    {
        using var call = _channel.ClientStreaming<EchoRequest, EchoReply>(EchoMethods.ClientStream, new(CancellationToken: token));
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = "x" }, token);
        }
        await call.RequestStream.CompleteAsync();
        var reply = await call;
        Assert.That(reply.Index, Is.EqualTo(count));
    }

    private async Task DuplexAsync(int count, CancellationToken token)
    {
        using var call = _channel.Duplex<EchoRequest, EchoReply>(EchoMethods.Duplex, new(CancellationToken: token));
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = "x" }, token);
            Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
            Assert.That(call.ResponseStream.Current.Index, Is.EqualTo(i));
        }
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(token), Is.False);
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    private static async Task DuplexServerFirstAsync(GrpcChannel channel, int count, CancellationToken token)
    {
        var headers = new Metadata().Add("x-greet", "hello");
        using var call = channel.Duplex<EchoRequest, EchoReply>(EchoMethods.Duplex, new(headers, CancellationToken: token));
        // Wait for the server before writing anything: the call must reach it without a message.
        var greeting = await call.ResponseHeadersAsync.WaitAsync(token);
        Assert.That(greeting.GetValue("greeting"), Is.EqualTo("hello"));
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = "x" }, token);
            Assert.That(await call.ResponseStream.MoveNext(token), Is.True);
        }
        await call.RequestStream.CompleteAsync();
        Assert.That(await call.ResponseStream.MoveNext(token), Is.False);
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }

    private async Task DuplexCompleteFirstAsync(int count, CancellationToken token)
    {
        using var call = _channel.Duplex<EchoRequest, EchoReply>(EchoMethods.Duplex, new(CancellationToken: token));
        for (var i = 0; i < count; i++)
        {
            await call.RequestStream.WriteAsync(new EchoRequest { Message = "x" }, token);
        }
        await call.RequestStream.CompleteAsync();
        var received = 0;
        await foreach (var reply in call.ResponseStream.ReadAllAsync(token))
        {
            Assert.That(reply.Index, Is.EqualTo(received++));
        }
        Assert.That(received, Is.EqualTo(count));
        Assert.That(call.GetStatus().StatusCode, Is.EqualTo(StatusCode.OK));
    }
}
