using System.Net;
using System.Net.Sockets;
using Codemason.Edge.Tests.Support;

namespace Codemason.Edge.Tests.Hosting;

/// <summary>The codemason-edge executable itself, with the file contract exactly as the agent writes it.</summary>
public sealed class ExecutableTests
{
    [Test]
    [CancelAfter(60_000)]
    public async Task Executable_WithAnEdgeJsonAtStart_ServesItOverHttpAndHttp2LogsAccessAndReportsTheVersion(CancellationToken cancellationToken)
    {
        const string traceparent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
        await using var backend = await Backend.StartAsync("web-1");
        var directory = Directory.CreateTempSubdirectory("codemason-edge-exe-").FullName;
        var (httpPort, httpsPort, metricsPort) = (FreePort(), FreePort(), FreePort());
        await File.WriteAllTextAsync(Path.Combine(directory, "edge.json"), $$"""
            {
              "version": "exe-1",
              "routes": [
                { "id": "dev/shop/web/shop.example.com/api", "host": "shop.example.com", "path": "/api", "port": {{httpPort}},
                  "https": false, "sticky": false,
                  "destinations": [ { "id": "dev/shop/web#1", "address": "{{backend.Address}}" } ] },
                { "id": "dev/shop/web/secure.example.com", "host": "secure.example.com", "path": "/", "port": {{httpsPort}},
                  "https": true, "sticky": false,
                  "destinations": [ { "id": "dev/shop/web#1", "address": "{{backend.Address}}" } ] }
              ],
              "certificates": [],
              "challenges": [ { "token": "abc", "keyAuthorization": "abc.xyz" } ]
            }
            """, cancellationToken);
        using var edge = EdgeProcess.Start(
            "--config-dir", directory, "--address", "127.0.0.1", "--http-port", httpPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--https-port", httpsPort.ToString(System.Globalization.CultureInfo.InvariantCulture), "--metrics", $"127.0.0.1:{metricsPort}");
        using var client = EdgeClient.Create();

        try
        {
            var body = await Eventually(() => client.GetStringAsync($"http://shop.example.com:{httpPort}/api/orders", cancellationToken), edge, cancellationToken);
            using var traced = new HttpRequestMessage(HttpMethod.Get, $"http://shop.example.com:{httpPort}/api/traced");
            traced.Headers.Add("traceparent", traceparent);
            using var tracedResponse = await client.SendAsync(traced, cancellationToken);
            using var overTls = new HttpRequestMessage(HttpMethod.Get, $"https://secure.example.com:{httpsPort}/")
            {
                Version = HttpVersion.Version20,
                VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            };
            using var tlsResponse = await client.SendAsync(overTls, cancellationToken);
            var tlsBody = await tlsResponse.Content.ReadAsStringAsync(cancellationToken);
            var metrics = await client.GetStringAsync($"http://127.0.0.1:{metricsPort}/metrics", cancellationToken);
            var applied = await File.ReadAllTextAsync(Path.Combine(directory, "applied.json"), cancellationToken);
            await Eventually(() => Task.FromResult(edge.Stdout.Contains("/api/orders", StringComparison.Ordinal) ? "" : throw new InvalidOperationException("no access log line yet")), edge, cancellationToken);

            Assert.Multiple(() =>
            {
                Assert.That(body, Is.EqualTo("web-1"));
                Assert.That(tracedResponse.Headers.GetValues("Traceparent-Seen").Single(), Is.EqualTo(traceparent),
                    "the edge does not trace: a client's traceparent reaches the replica as it came");
                Assert.That(tlsResponse.Version, Is.EqualTo(HttpVersion.Version20), "HTTP/2 over TLS (self-signed certificate, OpenSSL)");
                Assert.That(tlsBody, Is.EqualTo("web-1"));
                Assert.That(applied, Does.Contain("\"version\": \"exe-1\"").And.Contain("\"error\": null"));
                Assert.That(metrics, Does.Contain("route=\"dev/shop/web/shop.example.com/api\""));
                Assert.That(edge.Stdout, Does.Match(@"shop\.example\.com GET /api/orders 200 [0-9.]+ms dev/shop/web/shop\.example\.com/api dev/shop/web#1"));
            });
        }
        finally
        {
            edge.Dispose();
            Directory.Delete(directory, recursive: true);
        }
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Executable_WithoutConfigDir_PrintsOneLineAndExits2(CancellationToken cancellationToken)
    {
        using var edge = EdgeProcess.Start("--http-port", "8080");

        var code = await edge.WaitForExitAsync(cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2));
            Assert.That(edge.Stderr.Trim().Split('\n'), Has.Length.EqualTo(1));
            Assert.That(edge.Stderr, Does.Contain("--config-dir"));
        });
    }

    private static async Task<T> Eventually<T>(Func<Task<T>> attempt, EdgeProcess edge, CancellationToken cancellationToken)
    {
        while (true)
        {
            try
            {
                return await attempt();
            }
            catch (Exception e) when (e is HttpRequestException or InvalidOperationException && !edge.HasExited)
            {
                await Task.Delay(100, cancellationToken);
            }
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
