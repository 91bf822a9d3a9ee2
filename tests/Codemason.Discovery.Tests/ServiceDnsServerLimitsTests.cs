using System.Net;
using System.Net.Sockets;
using Codemason.Testing;
using DnsClient;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

/// <summary>Timeouts on a manual clock, the limits, and table swaps under load.</summary>
[CancelAfter(20_000)]
public sealed class ServiceDnsServerLimitsTests
{
    [Test]
    public async Task Forward_UpstreamSilent_ServFailWhenDefaultTimeoutPassesOnClock(CancellationToken cancellationToken)
    {
        var clock = new ManualTimeProvider();
        using var silent = BoundUdpSocket();
        await using var server = ServiceDnsServer.Start(new ServiceDnsServerOptions
        {
            Endpoint = AnyLoopbackPort,
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
        }, NameTable.Empty, timeProvider: clock);
        using var client = await ConnectedUdpAsync(server.LocalEndPoint, cancellationToken);

        await client.SendAsync(Query("example.org", id: 9), SocketFlags.None, cancellationToken);
        await clock.WaitForPendingTimerAsync(cancellationToken);
        clock.Advance(ServiceDnsServerOptions.DefaultForwardTimeout - TimeSpan.FromMilliseconds(10));
        var early = await ReceiveAsync(client, TimeSpan.FromMilliseconds(200), cancellationToken);
        clock.Advance(TimeSpan.FromMilliseconds(10));
        var response = await ReceiveAsync(client, TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(early, Is.Null, "no answer before the forward timeout");
        Assert.That(Id(response!), Is.EqualTo(9));
        Assert.That(ResponseCode(response!), Is.EqualTo((int)DnsResponseCode.ServerFailure));
    }

    [Test]
    public async Task Forward_OverTheConcurrencyLimit_ServFailAtOnce(CancellationToken cancellationToken)
    {
        using var silent = BoundUdpSocket();
        await using var server = ServiceDnsServer.Start(new ServiceDnsServerOptions
        {
            Endpoint = AnyLoopbackPort,
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
            ForwardTimeout = TimeSpan.FromSeconds(10),
            MaxConcurrentForwards = 1,
        }, NameTable.Empty);
        using var client = await ConnectedUdpAsync(server.LocalEndPoint, cancellationToken);

        await client.SendAsync(Query("first.example", id: 1), SocketFlags.None, cancellationToken);
        await Task.Delay(100, cancellationToken);
        await client.SendAsync(Query("second.example", id: 2), SocketFlags.None, cancellationToken);
        var response = await ReceiveAsync(client, TimeSpan.FromSeconds(2), cancellationToken);

        Assert.That(Id(response!), Is.EqualTo(2));
        Assert.That(ResponseCode(response!), Is.EqualTo((int)DnsResponseCode.ServerFailure));
        Assert.That(server.GetCount(DnsQueryOutcome.Overloaded), Is.EqualTo(1));
    }

    [Test]
    public async Task TcpConnection_IdleForTheTimeout_ClosedByServer(CancellationToken cancellationToken)
    {
        var clock = new ManualTimeProvider();
        await using var server = ServiceDnsServer.Start(new ServiceDnsServerOptions { Endpoint = AnyLoopbackPort },
            Table(("web", ["10.0.0.2"])), timeProvider: clock);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint, cancellationToken);
        await using var stream = new NetworkStream(socket);
        var answer = await ExchangeFramedAsync(stream, Query("web"), cancellationToken);

        var reading = stream.ReadAsync(new byte[1], cancellationToken).AsTask();
        // The server arms the next idle timer just after it answered; advance until that timer has fired.
        while (!reading.IsCompleted)
        {
            await clock.WaitForPendingTimerAsync(cancellationToken);
            clock.Advance(ServiceDnsServerOptions.DefaultTcpIdleTimeout);
            await Task.WhenAny(reading, Task.Delay(100, cancellationToken));
        }
        var read = await reading;

        Assert.That(AnswerCount(answer), Is.EqualTo(1));
        Assert.That(read, Is.Zero, "the server closed the idle connection");
    }

    [Test]
    public async Task Query_EdnsClient_AnswersUpTo1232BytesOverUdp(CancellationToken cancellationToken)
    {
        var addresses = Enumerable.Range(1, 60).Select(i => $"10.0.1.{i}").ToArray();
        await using var server = Start(Table(("big", addresses)));

        var large = await ExchangeUdpAsync(server.LocalEndPoint, Query("big", ednsUdpPayloadSize: 4096), TimeSpan.FromSeconds(5), cancellationToken);
        var small = await ExchangeUdpAsync(server.LocalEndPoint, Query("big", ednsUdpPayloadSize: 512), TimeSpan.FromSeconds(5), cancellationToken);
        var none = await ExchangeUdpAsync(server.LocalEndPoint, Query("big"), TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(Truncated(large!), Is.False);
        Assert.That(AnswerCount(large!), Is.EqualTo(60));
        Assert.That(AdditionalCount(large!), Is.EqualTo(1), "the OPT record");
        Assert.That(small!.Length, Is.LessThanOrEqualTo(512));
        Assert.That(Truncated(small), Is.True);
        Assert.That(Truncated(none!), Is.True);
        Assert.That(AdditionalCount(none!), Is.Zero);
    }

    [Test]
    public async Task Query_EdnsVersion1_BadVers(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));
        var query = Query("web", ednsUdpPayloadSize: 1232);
        query[^5] = 1;

        var response = await ExchangeUdpAsync(server.LocalEndPoint, query, TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(AnswerCount(response!), Is.Zero);
        Assert.That(ResponseCode(response!), Is.Zero);
        Assert.That(response![^6], Is.EqualTo(1), "extended RCODE 1: BADVERS");
    }

    [Test]
    public async Task Query_NotAStandardQuery_NotImplemented(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));
        var status = Query("web", id: 5);
        status[2] |= 2 << 3;

        var response = await ExchangeUdpAsync(server.LocalEndPoint, status, TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(Id(response!), Is.EqualTo(5));
        Assert.That(ResponseCode(response!), Is.EqualTo((int)DnsResponseCode.NotImplemented));
        Assert.That(AnswerCount(response!), Is.Zero);
    }

    [Test]
    public async Task Query_TruncatedAnswers_StartRotatesThroughEveryAddress(CancellationToken cancellationToken)
    {
        var addresses = Enumerable.Range(1, 40).Select(i => $"10.0.1.{i}").ToArray();
        await using var server = Start(Table(("big", addresses)));

        var firsts = new HashSet<string>();
        for (var i = 0; i < 40; i++)
        {
            var response = await ExchangeUdpAsync(server.LocalEndPoint, Query("big"), TimeSpan.FromSeconds(5), cancellationToken);
            firsts.Add(new IPAddress(response![^(AnswerCount(response) * 16 - 12)..^(AnswerCount(response) * 16 - 16)]).ToString());
        }

        Assert.That(firsts, Is.EquivalentTo(addresses), "a UDP client that never retries over TCP still reaches every replica");
    }

    [Test]
    public async Task Replace_WhileQueried_EveryAnswerFromOneTable(CancellationToken cancellationToken)
    {
        var blue = Table(("web", ["10.0.0.1", "10.0.0.2"]), ("db", ["10.0.0.3"]));
        var green = Table(("web", ["10.0.9.1", "10.0.9.2"]), ("db", []));
        await using var server = Start(blue);
        using var swapping = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var swaps = Task.Run(async () =>
        {
            for (var i = 0; !swapping.IsCancellationRequested; i++)
            {
                server.Replace(i % 2 == 0 ? green : blue);
                await Task.Yield();
            }
        }, CancellationToken.None);
        var client = Client(server.LocalEndPoint);

        var seen = new HashSet<string>();
        for (var i = 0; i < 300; i++)
        {
            var result = await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
            seen.Add(string.Join(",", result.Answers.ARecords().Select(r => r.Address.ToString()).Order()));
        }
        await swapping.CancelAsync();
        await swaps;

        Assert.That(seen, Is.SubsetOf(new[] { "10.0.0.1,10.0.0.2", "10.0.9.1,10.0.9.2" }));
    }

    private static Socket BoundUdpSocket()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(AnyLoopbackPort);
        return socket;
    }

    private static async Task<Socket> ConnectedUdpAsync(IPEndPoint server, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        await socket.ConnectAsync(server, cancellationToken);
        return socket;
    }

    private static async Task<byte[]?> ReceiveAsync(Socket socket, TimeSpan wait, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(wait);
        var buffer = new byte[65535];
        try
        {
            return buffer[..await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
