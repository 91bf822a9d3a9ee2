using System.Net;
using System.Net.WebSockets;
using System.Text;
using Codemason.Edge.Configuration;
using Codemason.Edge.Tests.Support;

namespace Codemason.Edge.Tests.Proxy;

/// <summary>What users expect of a proxy: WebSockets, sticky sessions, metrics.</summary>
public sealed class FeatureTests
{
    private Backend[] _backends = [];
    private EdgeUnderTest _edge = null!;

    [SetUp]
    public async Task Start()
    {
        _backends = await Task.WhenAll(Backend.StartAsync("web-1"), Backend.StartAsync("web-2"), Backend.StartAsync("web-3"));
        _edge = await EdgeUnderTest.StartAsync();
    }

    [TearDown]
    public async Task Stop()
    {
        await _edge.DisposeAsync();
        foreach (var backend in _backends)
        {
            await backend.DisposeAsync();
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task WebSocket_ThroughTheEdge_Echoes(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("chat", "chat.example.com", [_backends[0]])] }, cancellationToken);
        using var invoker = new HttpMessageInvoker(EdgeClient.CreateHandler());
        using var socket = new ClientWebSocket();

        await socket.ConnectAsync(new Uri($"ws://chat.example.com:{_edge.HttpPort}/ws"), invoker, cancellationToken);
        await socket.SendAsync(Encoding.UTF8.GetBytes("hello through the edge"), WebSocketMessageType.Text, true, cancellationToken);
        var buffer = new byte[1024];
        var received = await socket.ReceiveAsync(buffer, cancellationToken);
        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);

        Assert.That(Encoding.UTF8.GetString(buffer, 0, received.Count), Is.EqualTo("hello through the edge"));
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Request_StickyRoute_KeepsOneDestinationForAClientWithTheCookie(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [_edge.Route("shop", "shop.example.com", _backends, sticky: true)] }, cancellationToken);
        using var withCookies = EdgeClient.Create(new CookieContainer());
        using var withoutCookies = EdgeClient.Create();

        var sticky = new HashSet<string>();
        var spread = new HashSet<string>();
        for (var i = 0; i < 30; i++)
        {
            sticky.Add(await withCookies.GetStringAsync(_edge.Http("shop.example.com"), cancellationToken));
            spread.Add(await withoutCookies.GetStringAsync(_edge.Http("shop.example.com"), cancellationToken));
        }

        Assert.Multiple(() =>
        {
            Assert.That(sticky, Has.Count.EqualTo(1));
            Assert.That(spread, Has.Count.GreaterThan(1));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Metrics_AfterRequests_ShowPerRouteCountsAndTheAppliedVersion(CancellationToken cancellationToken)
    {
        await _edge.ApplyAsync(new EdgeConfig
        {
            Version = "metrics-v7",
            Routes = [_edge.Route("metrics/shop", "shop.example.com", [_backends[0]]), _edge.Route("metrics/empty", "empty.example.com", [])],
        }, cancellationToken);
        using var client = EdgeClient.Create();
        for (var i = 0; i < 3; i++)
        {
            await client.GetStringAsync(_edge.Http("shop.example.com"), cancellationToken);
        }

        using var empty = await client.GetAsync(_edge.Http("empty.example.com"), cancellationToken);

        var text = await client.GetStringAsync($"http://127.0.0.1:{_edge.MetricsPort}/metrics", cancellationToken);
        var lines = text.Split('\n');

        Assert.Multiple(() =>
        {
            Assert.That(lines, Has.Some.Match("^edge_requests_total\\{.*route=\"metrics/shop\".*status_class=\"2xx\".*\\} 3( |$)"));
            Assert.That(lines, Has.Some.Match("^edge_requests_total\\{.*route=\"metrics/empty\".*status_class=\"5xx\".*\\} 1( |$)"));
            Assert.That(lines, Has.Some.Match("^edge_request_duration_seconds_count\\{.*route=\"metrics/shop\".*\\} 3( |$)"));
            Assert.That(lines, Has.Some.Match("^edge_config_applied\\{.*version=\"metrics-v7\".*\\} 1( |$)"));
        });
    }
}
