using System.Net;
using System.Text;
using System.Text.Json;
using Codemason.Docker.Errors;
using Codemason.Docker.Images;
using Codemason.Docker.Transport;

namespace Codemason.Docker.Tests.Transport;

public sealed class DockerTransportTests
{
    [Test]
    [CancelAfter(5000)]
    public async Task FirstCall_EngineNewerThanClient_PrefixesPathsWithClientMaximum(CancellationToken cancellationToken)
    {
        var handler = new StubHandler(request => request.RequestUri!.AbsolutePath == "/version"
            ? StubHandler.Json("""{"ApiVersion":"1.52","MinAPIVersion":"1.44"}""")
            : StubHandler.Json("""{"ID":"x","NCPU":2}"""));
        using var client = TestClients.With(handler);

        var info = await client.Engine.GetInfoAsync(cancellationToken);
        await client.Engine.GetInfoAsync(cancellationToken);

        Assert.That(info.CpuCount, Is.EqualTo(2));
        Assert.That(handler.Requests, Is.EqualTo(new[] { "GET /version", "GET /v1.47/info", "GET /v1.47/info" }));
        Assert.That(await client.GetApiVersionAsync(cancellationToken), Is.EqualTo(DockerApiVersion.MaxSupported));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task FirstCall_ManyInParallel_NegotiatesOnce(CancellationToken cancellationToken)
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("[]"));
        using var client = TestClients.With(handler);

        await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.Networks.ListAsync(null, cancellationToken)));

        Assert.That(handler.Requests.Count(r => r == "GET /version"), Is.EqualTo(1));
        Assert.That(handler.Requests.Count(r => r == "GET /v1.41/networks"), Is.EqualTo(20));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task FixedApiVersion_NoNegotiation(CancellationToken cancellationToken)
    {
        var handler = new StubHandler(_ => StubHandler.Json("[]"));
        using var client = new DockerClient(new DockerClientOptions { Host = "tcp://127.0.0.1:1", ApiVersion = "1.43" }, null, handler);

        await client.Networks.ListAsync(null, cancellationToken);

        Assert.That(handler.Requests, Is.EqualTo(new[] { "GET /v1.43/networks" }));
    }

    [Test]
    [CancelAfter(5000)]
    public void Inspect_EngineAnswers404_ThrowsNotFoundWithEngineMessage()
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("""{"message":"No such container: ghost"}""", HttpStatusCode.NotFound));
        using var client = TestClients.With(handler);

        var ex = Assert.ThrowsAsync<DockerNotFoundException>(() => client.Containers.InspectAsync("ghost"));

        Assert.That(ex!.EngineMessage, Is.EqualTo("No such container: ghost"));
        Assert.That(handler.Requests.Count(r => r.Contains("ghost", StringComparison.Ordinal)), Is.EqualTo(1), "a 404 is not retried");
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Read_EngineAnswers503ThenOk_IsRetried(CancellationToken cancellationToken)
    {
        var calls = 0;
        var handler = StubHandler.WithEngine141(_ => ++calls == 1
            ? StubHandler.Json("""{"message":"restarting"}""", HttpStatusCode.ServiceUnavailable)
            : StubHandler.Json("""{"Volumes":[{"Name":"v1"}]}"""));
        using var client = TestClients.With(handler);

        var volumes = await client.Volumes.ListAsync(null, cancellationToken);

        Assert.That(calls, Is.EqualTo(2));
        Assert.That(volumes.Select(v => v.Name), Is.EqualTo(new[] { "v1" }));
    }

    [Test]
    [CancelAfter(5000)]
    public void Read_EngineKeepsFailing_GivesUpAfterConfiguredAttempts()
    {
        var calls = 0;
        var handler = StubHandler.WithEngine141(_ =>
        {
            calls++;
            return StubHandler.Json("""{"message":"boom"}""", HttpStatusCode.InternalServerError);
        });
        using var client = TestClients.With(handler, retryAttempts: 2);

        Assert.ThrowsAsync<DockerException>(() => client.Containers.InspectAsync("x"));
        Assert.That(calls, Is.EqualTo(3));
    }

    [Test]
    [CancelAfter(5000)]
    public void Mutation_EngineAnswers500_IsNotRetried()
    {
        var calls = 0;
        var handler = StubHandler.WithEngine141(_ =>
        {
            calls++;
            return StubHandler.Json("""{"message":"boom"}""", HttpStatusCode.InternalServerError);
        });
        using var client = TestClients.With(handler);

        Assert.ThrowsAsync<DockerException>(() => client.Containers.StartAsync("x"));
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Mutation_ConnectionRefusedThenOk_IsRetried(CancellationToken cancellationToken)
    {
        var calls = 0;
        var handler = StubHandler.WithEngine141(_ => ++calls == 1
            ? throw new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused")
            : StubHandler.Status(HttpStatusCode.NoContent));
        using var client = TestClients.With(handler);

        await client.Containers.StartAsync("x", cancellationToken);

        Assert.That(calls, Is.EqualTo(2));
    }

    [Test]
    [CancelAfter(5000)]
    public void Mutation_ResponseLostAfterSending_IsNotRetried()
    {
        var calls = 0;
        var handler = StubHandler.WithEngine141(_ =>
        {
            calls++;
            throw new HttpRequestException(HttpRequestError.ResponseEnded, "The response ended prematurely");
        });
        using var client = TestClients.With(handler);

        var ex = Assert.ThrowsAsync<DockerEngineUnavailableException>(() => client.Containers.RemoveAsync("x"));
        Assert.That(ex!.ConnectFailed, Is.False);
        Assert.That(calls, Is.EqualTo(1));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task StartAndStop_EngineAnswers304_AreNotErrors(CancellationToken cancellationToken)
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Status(HttpStatusCode.NotModified));
        using var client = TestClients.With(handler);

        await client.Containers.StartAsync("x", cancellationToken);
        await client.Containers.StopAsync("x", TimeSpan.FromSeconds(2), cancellationToken);

        Assert.That(handler.Requests[^1], Is.EqualTo("POST /v1.41/containers/x/stop?t=2"));
    }

    [Test]
    [CancelAfter(10000)]
    public void Ping_SocketFileMissing_ThrowsEngineUnavailable()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = "unix:///tmp/codemason-no-such-engine.sock", RetryAttempts = 0 });

        var ex = Assert.ThrowsAsync<DockerEngineUnavailableException>(() => client.Engine.PingAsync());

        Assert.That(ex!.ConnectFailed, Is.True);
        Assert.That(ex.StatusCode, Is.Null);
    }

    [Test]
    [CancelAfter(10000)]
    public void Ping_NothingListensOnTcpPort_ThrowsEngineUnavailable()
    {
        using var client = new DockerClient(new DockerClientOptions { Host = "tcp://127.0.0.1:1", RetryAttempts = 0 });

        Assert.ThrowsAsync<DockerEngineUnavailableException>(() => client.Engine.PingAsync());
    }

    [Test]
    public void Constructor_InvalidOptions_ListsEveryProblem()
    {
        var options = new DockerClientOptions { Host = "npipe:///x", MaxConnectionsPerServer = 0, RetryAttempts = -1, ApiVersion = "one" };

        var ex = Assert.Throws<ArgumentException>(() => new DockerClient(options));

        Assert.That(ex!.Message, Does.Contain("Host").And.Contain("MaxConnectionsPerServer").And.Contain("RetryAttempts").And.Contain("ApiVersion"));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Pull_WithCredentials_SendsBase64UrlAuthHeaderAndSplitsTag(CancellationToken cancellationToken)
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("{\"status\":\"Pulling from team/app\",\"id\":\"1.2\"}\n{\"status\":\"Downloading\",\"id\":\"abc\",\"progressDetail\":{\"current\":5,\"total\":10}}\n"));
        using var client = TestClients.With(handler);
        var auth = new RegistryAuth { Username = "u", Password = "p?>", ServerAddress = "registry.local:5000" };

        var progress = new List<PullProgress>();
        await foreach (var p in client.Images.PullStreamAsync(new ImagePullRequest("registry.local:5000/team/app:1.2") { Auth = auth }, cancellationToken))
        {
            progress.Add(p);
        }

        Assert.That(handler.Requests[^1], Is.EqualTo("POST /v1.41/images/create?fromImage=registry.local%3A5000%2Fteam%2Fapp&tag=1.2"));
        var header = handler.Messages[^1].Headers.GetValues("X-Registry-Auth").Single();
        Assert.That(header, Does.Not.Contain("+").And.Not.Contain("/"));
        var json = Encoding.UTF8.GetString(Convert.FromBase64String(header.Replace('-', '+').Replace('_', '/')));
        Assert.That(JsonDocument.Parse(json).RootElement.GetProperty("password").GetString(), Is.EqualTo("p?>"));
        Assert.That(progress, Has.Count.EqualTo(2));
        Assert.That(progress[1].Detail, Is.EqualTo(new PullProgressDetail { Current = 5, Total = 10 }));
    }

    [Test]
    [CancelAfter(5000)]
    public void Pull_ErrorInsideProgressStream_ThrowsTypedError()
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json(
            "{\"status\":\"Pulling from x\"}\n{\"errorDetail\":{\"message\":\"manifest unknown\"},\"error\":\"manifest unknown\"}\n"));
        using var client = TestClients.With(handler);

        Assert.ThrowsAsync<DockerNotFoundException>(() => client.Images.PullAsync(new ImagePullRequest("x:1")));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task Events_TwoLines_YieldsTwoTypedEvents(CancellationToken cancellationToken)
    {
        const string Stream = """
            {"status":"die","id":"abc","Type":"container","Action":"die","Actor":{"ID":"abc","Attributes":{"exitCode":"137","name":"web"}},"scope":"local","time":1700000000,"timeNano":1700000000123456700}
            {"Type":"network","Action":"connect","Actor":{"ID":"net1","Attributes":{"container":"abc"}},"scope":"local","time":1700000001,"timeNano":1700000001000000000}

            """;
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json(Stream));
        using var client = TestClients.With(handler);

        var events = new List<Events.DockerEvent>();
        await foreach (var e in client.Engine.StreamEventsAsync(new() { Since = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000), Filters = DockerFilters.ByLabel("k") }, cancellationToken))
        {
            events.Add(e);
        }

        Assert.That(events.Select(e => (e.Type, e.Action, e.Actor.Id)), Is.EqualTo(new[] { ("container", "die", "abc"), ("network", "connect", "net1") }));
        Assert.That(events[0].ExitCode, Is.EqualTo(137));
        Assert.That(events[0].Timestamp, Is.EqualTo(DateTimeOffset.FromUnixTimeSeconds(1_700_000_000).AddTicks(1234567)));
        Assert.That(handler.Requests[^1], Does.StartWith("GET /v1.41/events?since=1700000000.000000000&filters="));
    }
}
