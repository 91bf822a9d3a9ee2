using System.Net;
using System.Net.Sockets;
using Codemason.Controller.Tests.Infrastructure;
using Codemason.Docker.Containers;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Edge;

/// <summary>
/// The edge proxy with real processes on the real engine (docs/edge.md): a controller and an agent on loopback, an app
/// whose services declare domains, and the agent's edge container (<c>local/edge:latest</c>, host networking) serving
/// them on this machine's loopback. The agent is not on an overlay, so the edge reaches the replicas at their container
/// addresses.
/// </summary>
[Category("Integration")]
[NonParallelizable]
public sealed class EdgeProcessTests : ProcessClusterTest
{
    private const string App = "edged";

    private static string MasonJson(int webScale) => $$"""
        {
            "name": "{{App}}",
            "masonVersion": "v1",
            "services": [
                {
                    "name": "web",
                    "image": "{{TestEngine.Image}}",
                    "scale": {{webScale}},
                    "ports": ["8080"],
                    "command": ["sh", "-c", "echo web $(hostname) > /tmp/index.html; exec httpd -f -p 8080 -h /tmp"],
                    "domains": [{ "host": "shop.example.com", "https": false }, "secure.example.com"],
                },
                {
                    "name": "api",
                    "image": "{{TestEngine.Image}}",
                    "ports": ["9090"],
                    "command": ["sh", "-c", "mkdir -p /tmp/api; echo api > /tmp/api/index.html; exec httpd -f -p 9090 -h /tmp"],
                    "domains": [{ "host": "shop.example.com", "path": "/api", "https": false }],
                },
            ],
        }
        """;

    private int _http;
    private int _https;

    [SetUp]
    public Task RequireTheEdgeImage() => EdgeImage.RequireAsync();

    private async Task<ProcessCluster> StartAsync(CancellationToken cancellationToken)
    {
        _http = ControllerProcess.FreePort();
        _https = ControllerProcess.FreePort();
        return Cluster = await ProcessCluster.StartAsync(1, new ClusterOptions(App)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            ControllerArguments =
            [
                $"--Edge:Image={EdgeImage.Name}", $"--Edge:HttpPort={_http}", $"--Edge:HttpsPort={_https}", $"--Edge:MetricsPort={ControllerProcess.FreePort()}",
            ],
        }, cancellationToken);
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task Domains_HostAndPathRoutedToEveryReplica_UnknownHost404_HttpsServed_ScaleFollowedWithoutRestartingTheEdge(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(cancellationToken);
        await cluster.ApplyAsync(MasonJson(webScale: 3));
        await Eventually.TrueAsync(async () => (await cluster.ContainersAsync(cancellationToken)).Count(c => c.Service != "") == 4,
            TimeSpan.FromSeconds(90), "3 web and 1 api replicas running", cancellationToken);
        using var http = Client();

        var webs = new HashSet<string>(StringComparer.Ordinal);
        await Eventually.TrueAsync(async () =>
        {
            var body = await GetAsync(http, $"http://127.0.0.1:{_http}/", "shop.example.com", cancellationToken);
            if (body?.StartsWith("web ", StringComparison.Ordinal) == true)
            {
                webs.Add(body.Trim());
            }
            return webs.Count == 3;
        }, TimeSpan.FromSeconds(90), "shop.example.com answered by each of the 3 web replicas through the edge", cancellationToken, TimeSpan.FromMilliseconds(100));
        var edge = await EdgeContainerAsync(cluster, cancellationToken);

        var api = await GetAsync(http, $"http://127.0.0.1:{_http}/api/", "shop.example.com", cancellationToken);
        var unknown = await http.SendAsync(Request($"http://127.0.0.1:{_http}/", "nobody.example.com"), cancellationToken);
        var redirect = await http.SendAsync(Request($"http://127.0.0.1:{_http}/x?y=1", "secure.example.com"), cancellationToken);
        var secure = await GetAsync(http, $"https://secure.example.com:{_https}/", null, cancellationToken);
        var routes = await cluster.Client.ListRoutesAsync(cluster.Environment);

        Assert.Multiple(() =>
        {
            Assert.That(api, Is.EqualTo("api\n"), "the /api path goes to the api service");
            Assert.That(unknown.StatusCode, Is.EqualTo(HttpStatusCode.NotFound), "a host no app routes");
            Assert.That((int)redirect.StatusCode, Is.EqualTo(308), "plain HTTP to an https domain is redirected");
            Assert.That(redirect.Headers.Location?.ToString(), Is.EqualTo($"https://secure.example.com:{_https}/x?y=1"));
            Assert.That(secure, Does.StartWith("web "), "the https domain is served (self-signed until a certificate is issued)");
            Assert.That(routes.Routes.Select(r => (r.Host, r.Path, r.Https, r.Replicas.Count)), Is.EquivalentTo(new[]
            {
                ("secure.example.com", "/", true, 3), ("shop.example.com", "/", false, 3), ("shop.example.com", "/api", false, 1),
            }));
            Assert.That(routes.EdgeNodes, Is.EqualTo(new[] { cluster.Agents[0].Settings.NodeName }));
        });

        // Scaling down changes the routes, not the edge: the same container serves the two web replicas left. The
        // replica scaled away leaves the routes as soon as the apply ends it, before its container is stopped.
        await cluster.ApplyAsync(MasonJson(webScale: 2));
        await Eventually.TrueAsync(async () => (await cluster.Client.ListRoutesAsync(cluster.Environment)).Routes.Single(r => r.Host == "shop.example.com" && r.Path == "/").Replicas.Count == 2,
            TimeSpan.FromSeconds(60), "the route lists 2 web replicas", cancellationToken);
        // The edge takes the new routes up within about a second of the agent writing them.
        await Eventually.TrueAsync(async () =>
        {
            var seen = new HashSet<string>(StringComparer.Ordinal);
            for (var i = 0; i < 20; i++)
            {
                if (await GetAsync(http, $"http://127.0.0.1:{_http}/", "shop.example.com", cancellationToken) is not { } body)
                {
                    return false;
                }
                seen.Add(body.Trim());
            }
            return seen.Count == 2;
        }, TimeSpan.FromSeconds(30), "20 requests in a row answered, by the 2 web replicas left only", cancellationToken, TimeSpan.FromMilliseconds(500));
        Assert.That(await EdgeContainerAsync(cluster, cancellationToken), Is.EqualTo(edge), "the edge was not restarted for a route change");
    }

    [Test]
    [CancelAfter(240_000)]
    public async Task EdgeRemovedByHand_TheAgentRecreatesItServingTheLastRoutes(CancellationToken cancellationToken)
    {
        var cluster = await StartAsync(cancellationToken);
        await cluster.ApplyAsync(MasonJson(webScale: 1));
        using var http = Client();
        await Eventually.TrueAsync(async () => (await GetAsync(http, $"http://127.0.0.1:{_http}/", "shop.example.com", cancellationToken))?.StartsWith("web ", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(120), "shop.example.com served", cancellationToken, TimeSpan.FromMilliseconds(200));
        var edge = await EdgeContainerAsync(cluster, cancellationToken);

        await cluster.Engine.Client.Containers.RemoveAsync(edge, force: true, removeVolumes: false, cancellationToken);

        await Eventually.TrueAsync(async () => (await GetAsync(http, $"http://127.0.0.1:{_http}/", "shop.example.com", cancellationToken))?.StartsWith("web ", StringComparison.Ordinal) == true,
            TimeSpan.FromSeconds(60), "shop.example.com served again after docker rm -f of the edge", cancellationToken, TimeSpan.FromMilliseconds(200));
        Assert.That(await EdgeContainerAsync(cluster, cancellationToken), Is.Not.EqualTo(edge), "a new edge container");
    }

    private static async Task<string> EdgeContainerAsync(ProcessCluster cluster, CancellationToken cancellationToken)
    {
        var listed = await cluster.Engine.Client.Containers.ListAsync(
            new ContainerListOptions { Filters = cluster.Engine.Filter().Label("codemason.edge") }, cancellationToken);
        return listed.Single(c => c.State == "running").Id;
    }

    /// <summary>A client that connects every request to loopback (the URL's host is only the Host header and the SNI name) and trusts any certificate.</summary>
    private static HttpClient Client() => new(new SocketsHttpHandler
    {
        AllowAutoRedirect = false,
        ConnectCallback = async (context, token) =>
        {
            var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            await socket.ConnectAsync(IPAddress.Loopback, context.DnsEndPoint.Port, token);
            return new NetworkStream(socket, ownsSocket: true);
        },
        // The edge serves a self-signed certificate until one is issued: the test checks that one is presented.
        SslOptions = { RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is not null },
    })
    { Timeout = TimeSpan.FromSeconds(5) };

    private static HttpRequestMessage Request(string url, string? host)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (host is not null)
        {
            request.Headers.Host = host;
        }
        return request;
    }

    /// <summary>The body of a 200, or null for anything else (not served yet).</summary>
    private static async Task<string?> GetAsync(HttpClient http, string url, string? host, CancellationToken cancellationToken)
    {
        try
        {
            using var response = await http.SendAsync(Request(url, host), cancellationToken);
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync(cancellationToken) : null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
    }
}
