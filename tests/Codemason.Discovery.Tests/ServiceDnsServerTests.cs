using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using DnsClient;
using static Codemason.Discovery.Tests.DnsTestHelpers;

namespace Codemason.Discovery.Tests;

[CancelAfter(20_000)]
public sealed class ServiceDnsServerTests
{
    [Test]
    public async Task Query_KnownName_EveryAddressAuthoritativeWithTtl(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2", "10.0.0.3", "10.0.0.4"])));

        var result = await Client(server.LocalEndPoint).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NoError));
        Assert.That(result.Header.HasAuthorityAnswer, Is.True);
        Assert.That(result.Header.RecursionAvailable, Is.True);
        Assert.That(result.Answers.ARecords().Select(r => r.Address.ToString()),
            Is.EquivalentTo(new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4" }));
        Assert.That(result.Answers.Select(r => r.InitialTimeToLive), Is.All.EqualTo(1));
        Assert.That(server.GetCount(DnsQueryOutcome.Answered), Is.EqualTo(1));
    }

    [Test]
    public async Task Query_Repeated_FirstAddressRotates(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2", "10.0.0.3", "10.0.0.4"])));
        var client = Client(server.LocalEndPoint);

        var firsts = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var result = await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
            firsts.Add(result.Answers.ARecords().First().Address.ToString());
        }

        Assert.That(firsts, Is.EqualTo(new[] { "10.0.0.2", "10.0.0.3", "10.0.0.4", "10.0.0.2", "10.0.0.3", "10.0.0.4" }));
    }

    [Test]
    public async Task Query_OtherCaseOrTrailingDot_AnsweredWithNameAsAsked(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("api.internal", ["10.0.0.9"])));

        var result = await Client(server.LocalEndPoint).QueryAsync("API.Internal.", QueryType.A, cancellationToken: cancellationToken);
        var raw = await ExchangeUdpAsync(server.LocalEndPoint, Query("Api.INTERNAL"), TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.9"));
        Assert.That(raw![12..(12 + 14)], Is.EqualTo(Query("Api.INTERNAL")[12..(12 + 14)]), "the question is echoed as asked");
        Assert.That(AnswerCount(raw), Is.EqualTo(1));
    }

    [Test]
    public async Task QueryAaaaOrMx_KnownName_NoErrorWithoutAnswers(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));
        var client = Client(server.LocalEndPoint);

        var aaaa = await client.QueryAsync("web", QueryType.AAAA, cancellationToken: cancellationToken);
        var mx = await client.QueryAsync("web", QueryType.MX, cancellationToken: cancellationToken);

        Assert.That(aaaa.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NoError));
        Assert.That(aaaa.Header.HasAuthorityAnswer, Is.True);
        Assert.That(aaaa.Answers, Is.Empty);
        Assert.That(mx.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NoError));
        Assert.That(mx.Answers, Is.Empty);
        Assert.That(server.GetCount(DnsQueryOutcome.NoData), Is.EqualTo(2));
    }

    [Test]
    public async Task Query_KnownNameWithoutReplicas_NxDomainAtOnce(CancellationToken cancellationToken)
    {
        // An upstream that never answers: a forwarded query would take the whole timeout.
        using var silent = SilentUpstream();
        await using var server = Start(Table(("worker", [])), o => WithUpstreams(o, silent.LocalEndPoint!));

        var a = await Client(server.LocalEndPoint).QueryAsync("worker", QueryType.A, cancellationToken: cancellationToken);
        var aaaa = await Client(server.LocalEndPoint).QueryAsync("worker", QueryType.AAAA, cancellationToken: cancellationToken);

        Assert.That(a.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NotExistentDomain));
        Assert.That(aaaa.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NotExistentDomain));
        Assert.That(server.GetCount(DnsQueryOutcome.NameError), Is.EqualTo(2));
        Assert.That(server.GetCount(DnsQueryOutcome.Forwarded) + server.GetCount(DnsQueryOutcome.UpstreamFailed), Is.Zero, "never sent upstream");
    }

    [Test]
    public async Task Query_KnownNameWithoutReplicasAndUnavailableAddress_ThatAddressWithTtlZero(CancellationToken cancellationToken)
    {
        using var silent = SilentUpstream();
        await using var server = Start(Table(("worker", []), ("web", ["10.0.0.2"])),
            o => new ServiceDnsServerOptions
            {
                Endpoint = o.Endpoint,
                Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
                UnavailableAddress = IPAddress.Parse("10.0.0.1"),
            });
        var client = Client(server.LocalEndPoint);

        var a = await client.QueryAsync("worker", QueryType.A, cancellationToken: cancellationToken);
        var aaaa = await client.QueryAsync("worker", QueryType.AAAA, cancellationToken: cancellationToken);
        var known = await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(a.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NoError));
        Assert.That(a.Answers.ARecords().Select(r => (r.Address.ToString(), r.InitialTimeToLive)), Is.EqualTo(new[] { ("10.0.0.1", 0) }));
        Assert.That(aaaa.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NoError));
        Assert.That(aaaa.Answers, Is.Empty);
        Assert.That(known.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.2"), "names with replicas are not affected");
        Assert.That(server.GetCount(DnsQueryOutcome.Unavailable), Is.EqualTo(1));
        Assert.That(server.GetCount(DnsQueryOutcome.Forwarded) + server.GetCount(DnsQueryOutcome.UpstreamFailed), Is.Zero, "never sent upstream");
    }

    [Test]
    public void Start_UnavailableAddressIpv6_RefusedNamingTheOption()
    {
        var error = Assert.Throws<ArgumentException>(() => ServiceDnsServer.Start(new ServiceDnsServerOptions
        {
            Endpoint = new IPEndPoint(IPAddress.Loopback, 0),
            UnavailableAddress = IPAddress.IPv6Loopback,
        }));
        Assert.That(error!.Message, Does.Contain("UnavailableAddress: ::1 is not an IPv4 address"));
    }

    [Test]
    public async Task Query_UnknownName_RelaysUpstreamResponse(CancellationToken cancellationToken)
    {
        await using var upstream = Start(Table(("example.org", ["192.0.2.10"])));
        await using var server = Start(Table(("web", ["10.0.0.2"])), o => WithUpstreams(o, upstream.LocalEndPoint));

        var result = await Client(server.LocalEndPoint).QueryAsync("example.org", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("192.0.2.10"));
        Assert.That(server.GetCount(DnsQueryOutcome.Forwarded), Is.EqualTo(1));
        Assert.That(upstream.GetCount(DnsQueryOutcome.Answered), Is.EqualTo(1));
    }

    [Test]
    public async Task Query_FirstUpstreamDown_SecondAnswers(CancellationToken cancellationToken)
    {
        await using var upstream = Start(Table(("example.org", ["192.0.2.10"])));
        var closedPort = UnusedUdpPort();
        await using var server = Start(NameTable.Empty, o => WithUpstreams(o, closedPort, upstream.LocalEndPoint));

        var result = await Client(server.LocalEndPoint).QueryAsync("example.org", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("192.0.2.10"));
    }

    [Test]
    public async Task Query_UpstreamSilent_ServFailAfterForwardTimeout(CancellationToken cancellationToken)
    {
        using var silent = SilentUpstream();
        await using var server = Start(NameTable.Empty, o => new ServiceDnsServerOptions
        {
            Endpoint = o.Endpoint,
            Upstreams = [(IPEndPoint)silent.LocalEndPoint!],
            ForwardTimeout = TimeSpan.FromMilliseconds(300),
        });
        var stopwatch = Stopwatch.StartNew();

        var response = await ExchangeUdpAsync(server.LocalEndPoint, Query("example.org", id: 42), TimeSpan.FromSeconds(5), cancellationToken);

        Assert.That(response, Is.Not.Null);
        Assert.That(Id(response!), Is.EqualTo(42));
        Assert.That(ResponseCode(response!), Is.EqualTo((int)DnsResponseCode.ServerFailure));
        Assert.That(stopwatch.Elapsed, Is.InRange(TimeSpan.FromMilliseconds(250), TimeSpan.FromSeconds(3)));
        Assert.That(server.GetCount(DnsQueryOutcome.UpstreamFailed), Is.EqualTo(1));
    }

    [Test]
    public async Task Query_UnknownNameWithoutUpstream_Refused(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));

        var result = await Client(server.LocalEndPoint).QueryAsync("example.org", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.Refused));
        Assert.That(server.GetCount(DnsQueryOutcome.NoUpstream), Is.EqualTo(1));
    }

    [Test]
    public async Task Query_ClientOutsideAllowedSubnet_Refused(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])), o => WithSources(o, "10.0.0.0/8"));

        var result = await Client(server.LocalEndPoint).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.Refused));
        Assert.That(result.Answers, Is.Empty);
        Assert.That(server.GetCount(DnsQueryOutcome.Refused), Is.EqualTo(1));
    }

    [Test]
    public async Task TcpConnection_ClientOutsideAllowedSubnet_ClosedWithoutAnswer(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])), o => WithSources(o, "10.0.0.0/8"));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint, cancellationToken);
        await using var stream = new NetworkStream(socket);

        var read = 0;
        try
        {
            read = await stream.ReadAsync(new byte[2], cancellationToken);
        }
        catch (IOException)
        {
            // A reset is as good as a close here.
        }

        Assert.That(read, Is.Zero);
        Assert.That(server.GetCount(DnsQueryOutcome.Refused), Is.EqualTo(1));
    }

    [Test]
    public async Task Query_ClientInsideAllowedSubnet_Answered(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])), o => WithSources(o, "10.0.0.0/8", "127.0.0.0/8"));

        var udp = await Client(server.LocalEndPoint).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
        var tcp = await Client(server.LocalEndPoint, tcpOnly: true).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(udp.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.2"));
        Assert.That(tcp.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.2"));
    }

    [Test]
    public async Task Query_ManyAddresses_TruncatedOverUdpCompleteOverTcp(CancellationToken cancellationToken)
    {
        var addresses = Enumerable.Range(1, 100).Select(i => $"10.0.{i / 256}.{i % 256}").ToArray();
        await using var server = Start(Table(("big", addresses)));

        var udp = await ExchangeUdpAsync(server.LocalEndPoint, Query("big"), TimeSpan.FromSeconds(5), cancellationToken);
        var tcp = await ExchangeTcpAsync(server.LocalEndPoint, Query("big"), cancellationToken);
        var client = await Client(server.LocalEndPoint).QueryAsync("big", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(udp!.Length, Is.LessThanOrEqualTo(512));
        Assert.That(Truncated(udp), Is.True);
        Assert.That(Truncated(tcp), Is.False);
        Assert.That(AnswerCount(tcp), Is.EqualTo(100));
        Assert.That(client.Answers.ARecords().Count(), Is.EqualTo(100), "DnsClient retries over TCP on TC");
        Assert.That(server.GetCount(DnsQueryOutcome.Truncated), Is.EqualTo(2));
    }

    [Test]
    public async Task Query_TcpClientUnknownNameTruncatedUpstream_RetriedOverTcpComplete(CancellationToken cancellationToken)
    {
        var addresses = Enumerable.Range(1, 60).Select(i => $"192.0.2.{i}").ToArray();
        await using var upstream = Start(Table(("big.example", addresses)));
        await using var server = Start(NameTable.Empty, o => WithUpstreams(o, upstream.LocalEndPoint));

        var tcp = await ExchangeTcpAsync(server.LocalEndPoint, Query("big.example"), cancellationToken);

        Assert.That(Truncated(tcp), Is.False);
        Assert.That(AnswerCount(tcp), Is.EqualTo(60));
    }

    [Test]
    public async Task Query_SeveralOnOneTcpConnection_EachAnswered(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"]), ("db", ["10.0.0.3"])));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint, cancellationToken);
        await using var stream = new NetworkStream(socket);

        var first = await ExchangeFramedAsync(stream, Query("web", id: 1), cancellationToken);
        var second = await ExchangeFramedAsync(stream, Query("db", id: 2), cancellationToken);

        Assert.That(first[^4..], Is.EqualTo(new byte[] { 10, 0, 0, 2 }));
        Assert.That(second[^4..], Is.EqualTo(new byte[] { 10, 0, 0, 3 }));
        Assert.That(Id(second), Is.EqualTo(2));
    }

    [Test]
    public async Task Replace_NewTable_NextQuerySeesIt(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));
        var client = Client(server.LocalEndPoint);
        var before = await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);

        server.Replace(Table(("web", ["10.0.1.7"]), ("db", [])));
        var after = await client.QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
        var db = await client.QueryAsync("db", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(before.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.2"));
        Assert.That(after.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.1.7"));
        Assert.That(db.Header.ResponseCode, Is.EqualTo(DnsHeaderResponseCode.NotExistentDomain));
    }

    [Test]
    public async Task Query_NameWithSearchSuffix_AnsweredAsBareName(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("db", ["10.0.0.3"])), o => new ServiceDnsServerOptions
        {
            Endpoint = o.Endpoint,
            SearchSuffixes = ["corp.example."],
        });

        var result = await Client(server.LocalEndPoint).QueryAsync("db.Corp.Example", QueryType.A, cancellationToken: cancellationToken);

        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.3"));
    }

    [Test]
    public async Task MalformedMessages_DroppedOrFormErr_ServerKeepsAnswering(CancellationToken cancellationToken)
    {
        await using var server = Start(Table(("web", ["10.0.0.2"])));
        var random = new Random(7);
        var valid = Query("web");
        var response = (byte[])valid.Clone();
        response[2] |= 0x80;
        var twoQuestions = (byte[])valid.Clone();
        twoQuestions[5] = 2;

        Assert.That(await ExchangeUdpAsync(server.LocalEndPoint, [1, 2, 3], TimeSpan.FromMilliseconds(200), cancellationToken), Is.Null);
        Assert.That(await ExchangeUdpAsync(server.LocalEndPoint, response, TimeSpan.FromMilliseconds(200), cancellationToken), Is.Null,
            "a response sent to the server is never answered");
        var formErr = await ExchangeUdpAsync(server.LocalEndPoint, twoQuestions, TimeSpan.FromSeconds(5), cancellationToken);
        Assert.That(ResponseCode(formErr!), Is.EqualTo((int)DnsResponseCode.FormatError));
        for (var i = 0; i < 200; i++)
        {
            var garbage = new byte[random.Next(0, 100)];
            random.NextBytes(garbage);
            await ExchangeUdpAsync(server.LocalEndPoint, garbage, TimeSpan.FromMilliseconds(1), cancellationToken);
        }
        using (var tcp = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await tcp.ConnectAsync(server.LocalEndPoint, cancellationToken);
            await tcp.SendAsync(new byte[] { 0, 3, 1, 2, 3, 0xFF }, SocketFlags.None, cancellationToken);
        }

        var result = await Client(server.LocalEndPoint).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
        var overTcp = await ExchangeTcpAsync(server.LocalEndPoint, valid, cancellationToken);

        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.2"));
        Assert.That(AnswerCount(overTcp), Is.EqualTo(1));
        Assert.That(server.GetCount(DnsQueryOutcome.Malformed), Is.GreaterThanOrEqualTo(3));
    }

    [Test]
    public async Task DisposeAsync_Stopped_PortFreeForUdpAndTcp(CancellationToken cancellationToken)
    {
        var server = Start(Table(("web", ["10.0.0.2"])));
        var endpoint = server.LocalEndPoint;
        using (var idle = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp))
        {
            await idle.ConnectAsync(endpoint, cancellationToken);

            await server.DisposeAsync();
        }

        await using var again = ServiceDnsServer.Start(new ServiceDnsServerOptions { Endpoint = endpoint }, Table(("web", ["10.0.0.5"])));
        var result = await Client(endpoint).QueryAsync("web", QueryType.A, cancellationToken: cancellationToken);
        Assert.That(result.Answers.ARecords().Single().Address.ToString(), Is.EqualTo("10.0.0.5"));
    }

    [Test]
    public void Start_InvalidOptions_EveryProblemListed()
    {
        var endpoint = new IPEndPoint(IPAddress.Loopback, 5353);
        var options = new ServiceDnsServerOptions
        {
            Endpoint = endpoint,
            Ttl = TimeSpan.FromMilliseconds(1500),
            ForwardTimeout = TimeSpan.Zero,
            Upstreams = [endpoint],
            AllowedSources = [IPNetwork.Parse("fd00::/8")],
        };

        var ex = Assert.Throws<ArgumentException>(() => ServiceDnsServer.Start(options));

        Assert.That(ex!.Message, Does.Contain("Ttl").And.Contain("ForwardTimeout").And.Contain("own endpoint").And.Contain("fd00::/8"));
    }

    private static ServiceDnsServerOptions WithUpstreams(ServiceDnsServerOptions options, params EndPoint[] upstreams) => new()
    {
        Endpoint = options.Endpoint,
        Name = options.Name,
        Upstreams = [.. upstreams.Cast<IPEndPoint>()],
    };

    private static ServiceDnsServerOptions WithSources(ServiceDnsServerOptions options, params string[] subnets) => new()
    {
        Endpoint = options.Endpoint,
        Name = options.Name,
        AllowedSources = [.. subnets.Select(IPNetwork.Parse)],
    };

    /// <summary>A bound UDP socket that never answers.</summary>
    private static Socket SilentUpstream()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(AnyLoopbackPort);
        return socket;
    }

    /// <summary>A loopback UDP port nothing listens on (bound, then released).</summary>
    private static IPEndPoint UnusedUdpPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(AnyLoopbackPort);
        return (IPEndPoint)socket.LocalEndPoint!;
    }
}
