using System.Net;
using Codemason.Edge.Configuration;
using Codemason.Edge.Tests.Support;

namespace Codemason.Edge.Tests.Proxy;

public sealed class RoutingTests
{
    private Backend[] _backends = [];
    private EdgeUnderTest _edge = null!;
    private HttpClient _client = null!;

    [OneTimeSetUp]
    public async Task StartBackends() =>
        _backends = await Task.WhenAll(Backend.StartAsync("web-1"), Backend.StartAsync("web-2"), Backend.StartAsync("web-3"));

    [OneTimeTearDown]
    public async Task StopBackends()
    {
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [SetUp]
    public async Task StartEdge()
    {
        _edge = await EdgeUnderTest.StartAsync();
        _client = EdgeClient.Create();
    }

    [TearDown]
    public async Task StopEdge()
    {
        _client.Dispose();
        await _edge.DisposeAsync();
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_HostAndPathRoutes_ReachTheirBackends(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig
        {
            Version = "v1",
            Routes =
            [
                _edge.Route("dev/shop/web", "shop.example.com", [_backends[0]]),
                _edge.Route("dev/shop/api", "shop.example.com", [_backends[1]], path: "/api"),
                _edge.Route("dev/blog/web", "Blog.Example.com", [_backends[2]]),
            ],
        }, cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(await _client.GetStringAsync(_edge.Http("shop.example.com", "/"), cancellationToken), Is.EqualTo("web-1"));
            Assert.That(await _client.GetStringAsync(_edge.Http("shop.example.com", "/apix"), cancellationToken), Is.EqualTo("web-1"));
            Assert.That(await _client.GetStringAsync(_edge.Http("shop.example.com", "/api"), cancellationToken), Is.EqualTo("web-2"));
            Assert.That(await _client.GetStringAsync(_edge.Http("shop.example.com", "/api/orders?x=1"), cancellationToken), Is.EqualTo("web-2"));
            Assert.That(await _client.GetStringAsync(_edge.Http("SHOP.example.COM", "/api/"), cancellationToken), Is.EqualTo("web-2"));
            Assert.That(await _client.GetStringAsync(_edge.Http("blog.example.com", "/anything"), cancellationToken), Is.EqualTo("web-3"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_RouteWithThreeDestinations_SpreadsOverAllThree(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("dev/shop/web", "shop.example.com", _backends)] }, cancellationToken);

        var seen = new HashSet<string>();
        for (var i = 0; i < 60; i++)
        {
            seen.Add(await _client.GetStringAsync(_edge.Http("shop.example.com", "/"), cancellationToken));
        }

        Assert.That(seen, Is.EquivalentTo(new[] { "web-1", "web-2", "web-3" }));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_UnknownHostOrPath_Is404NamingTheHost(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig
        {
            Version = "v1",
            Routes = [_edge.Route("dev/shop/api", "shop.example.com", [_backends[0]], path: "/api")],
        }, cancellationToken);

        using var unknownHost = await _client.GetAsync(_edge.Http("other.example.com", "/api"), cancellationToken);
        using var unknownPath = await _client.GetAsync(_edge.Http("shop.example.com", "/apix"), cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(unknownHost.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unknownHost.Content.ReadAsStringAsync(cancellationToken), Does.Contain("other.example.com"));
            Assert.That(unknownPath.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
            Assert.That(await unknownPath.Content.ReadAsStringAsync(cancellationToken), Does.Contain("shop.example.com"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_RouteBoundToAnotherPort_Is404(CancellationToken cancellationToken)
    {
        var route = _edge.Route("dev/shop/web", "shop.example.com", [_backends[0]]) with { Port = _edge.HttpPort == 8081 ? 8082 : 8081 };
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route] }, cancellationToken);

        using var response = await _client.GetAsync(_edge.Http("shop.example.com"), cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.NotFound));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_RouteWithoutDestinations_Is503NamingTheRoute(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("dev/shop/web", "shop.example.com", [])] }, cancellationToken);

        using var response = await _client.GetAsync(_edge.Http("shop.example.com"), cancellationToken);

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.ServiceUnavailable));
            Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Does.Contain("no healthy replica of dev/shop/web"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_DestinationRefusesConnections_Is502(CancellationToken cancellationToken)
    {
        var route = _edge.Route("dev/shop/web", "shop.example.com", []) with
        {
            Destinations = [new EdgeDestination { Id = "dead", Address = $"http://127.0.0.1:{ClosedPort()}" }],
        };
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route] }, cancellationToken);

        using var response = await _client.GetAsync(_edge.Http("shop.example.com"), cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_ADestinationRefusesConnections_IsSentToAnother_NoneFails(CancellationToken cancellationToken)
    {
        var route = _edge.Route("dev/shop/web", "shop.example.com", [_backends[0]]) with
        {
            Destinations = [new EdgeDestination { Id = "dead", Address = $"http://127.0.0.1:{ClosedPort()}" }, new EdgeDestination { Id = "web-1", Address = _backends[0].Address }],
        };
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route] }, cancellationToken);

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var response = await _client.GetAsync(_edge.Http("shop.example.com"), cancellationToken);
            statuses.Add(response.StatusCode);
        }

        // A request that picked the dead destination is sent again to the live one (no byte of it reached the dead one).
        Assert.That(statuses, Is.All.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_OnlyReplicaStartsListeningLate_IsTriedAgainAndAnswered(CancellationToken cancellationToken)
    {
        var port = ClosedPort();
        var route = _edge.Route("dev/shop/web", "shop.example.com", []) with
        {
            Destinations = [new EdgeDestination { Id = "late", Address = $"http://127.0.0.1:{port}" }],
        };
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route] }, cancellationToken);

        var request = _client.GetAsync(_edge.Http("shop.example.com"), cancellationToken);
        await Task.Delay(TimeSpan.FromMilliseconds(100), cancellationToken);
        // The replica starts listening while the edge pauses before trying it again.
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, port);
        listener.Start();
        var served = AnswerOnceAsync(listener, "late", cancellationToken);
        using var response = await request;

        Assert.Multiple(async () =>
        {
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await response.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("late"));
        });
        await served;
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_WithABody_ToARefusingDestination_IsNotReplayed_Is502(CancellationToken cancellationToken)
    {
        var route = _edge.Route("dev/shop/web", "shop.example.com", [_backends[0]]) with
        {
            Destinations = [new EdgeDestination { Id = "dead", Address = $"http://127.0.0.1:{ClosedPort()}" }],
        };
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [route] }, cancellationToken);

        using var response = await _client.PostAsync(_edge.Http("shop.example.com"), new StringContent("order=1"), cancellationToken);

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadGateway));
    }

    /// <summary>Accepts one connection and answers it 200 with <paramref name="body"/>.</summary>
    private static async Task AnswerOnceAsync(System.Net.Sockets.TcpListener listener, string body, CancellationToken cancellationToken)
    {
        using var client = await listener.AcceptTcpClientAsync(cancellationToken);
        var stream = client.GetStream();
        var buffer = new byte[4096];
        var read = 0;
        while (!System.Text.Encoding.ASCII.GetString(buffer, 0, read).Contains("\r\n\r\n", StringComparison.Ordinal))
        {
            read += await stream.ReadAsync(buffer.AsMemory(read), cancellationToken);
        }
        var answer = $"HTTP/1.1 200 OK\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes(answer), cancellationToken);
    }

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
