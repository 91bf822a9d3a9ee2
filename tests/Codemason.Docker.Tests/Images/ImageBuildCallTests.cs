using System.Net;
using System.Text;
using System.Text.Json;
using Codemason.Docker.Errors;
using Codemason.Docker.Images;

namespace Codemason.Docker.Tests.Images;

/// <summary>The build and push calls against a stub engine: what is sent, and how the answers read.</summary>
public sealed class ImageBuildCallTests
{
    [Test]
    [CancelAfter(5000)]
    public async Task BuildAsync_Request_SendsEveryTagLimitsArgsAndTheContext(CancellationToken cancellationToken)
    {
        byte[]? sent = null;
        string? contentType = null;
        var handler = StubHandler.WithEngine141(request =>
        {
            contentType = request.Content!.Headers.ContentType!.MediaType;
            sent = request.Content.ReadAsByteArrayAsync(cancellationToken).GetAwaiter().GetResult();
            return StubHandler.Json("""
                {"stream":"Step 1/1 : FROM local/busybox:1"}
                {"stream":"\n"}
                {"aux":{"ID":"sha256:feed"}}
                """);
        });
        using var client = TestClients.With(handler);
        var context = new MemoryStream(Encoding.ASCII.GetBytes("not really a tar"));
        var lines = new List<string>();

        var result = await client.Images.BuildAsync(
            new ImageBuildRequest
            {
                Tags = ["reg:5000/a/web:1", "reg:5000/a/web:latest"],
                Dockerfile = "build/Dockerfile",
                BuildArgs = new Dictionary<string, string> { ["TOKEN"] = "s3cret" },
                Labels = new Dictionary<string, string> { ["codemason.app"] = "web" },
                MemoryBytes = 1024 * 1024 * 1024,
                CpuPeriod = 100_000,
                CpuQuota = 50_000,
                CpuShares = 128,
                CpuSetCpus = "2-3",
            },
            context,
            (line, _) => { lines.Add(line); return ValueTask.CompletedTask; },
            cancellationToken);

        var query = System.Web.HttpUtility.ParseQueryString(new Uri(new Uri("http://x"), handler.Requests[1].Split(' ')[1]).Query);
        Assert.That(result, Is.EqualTo(new ImageBuildResult("sha256:feed", null)));
        Assert.That(lines, Is.EqualTo(new[] { "Step 1/1 : FROM local/busybox:1" }));
        Assert.That(handler.Requests[1], Does.StartWith("POST /v1.41/build?"));
        Assert.That(query.GetValues("t"), Is.EqualTo(new[] { "reg:5000/a/web:1", "reg:5000/a/web:latest" }));
        Assert.That(query["dockerfile"], Is.EqualTo("build/Dockerfile"));
        Assert.That(query["version"], Is.EqualTo("1"));
        Assert.That(query["pull"], Is.EqualTo("0"));
        Assert.That(query["rm"], Is.EqualTo("1"));
        Assert.That(query["forcerm"], Is.EqualTo("1"));
        Assert.That(query["memory"], Is.EqualTo("1073741824"));
        Assert.That(query["memswap"], Is.EqualTo("1073741824"));
        Assert.That(query["cpuquota"], Is.EqualTo("50000"));
        Assert.That(query["cpuperiod"], Is.EqualTo("100000"));
        Assert.That(query["cpushares"], Is.EqualTo("128"));
        Assert.That(query["cpusetcpus"], Is.EqualTo("2-3"));
        Assert.That(JsonSerializer.Deserialize<Dictionary<string, string>>(query["buildargs"]!), Is.EqualTo(new Dictionary<string, string> { ["TOKEN"] = "s3cret" }));
        Assert.That(JsonSerializer.Deserialize<Dictionary<string, string>>(query["labels"]!), Is.EqualTo(new Dictionary<string, string> { ["codemason.app"] = "web" }));
        Assert.That(contentType, Is.EqualTo("application/x-tar"));
        Assert.That(Encoding.ASCII.GetString(sent!), Is.EqualTo("not really a tar"));
        Assert.That(context.CanRead, Is.True, "the caller keeps owning the context stream");
    }

    [Test]
    public void ImageBuildRequest_ToString_NamesBuildArgsWithoutValues()
    {
        var request = new ImageBuildRequest { BuildArgs = new Dictionary<string, string> { ["TOKEN"] = "s3cret" } };

        Assert.That(request.ToString(), Does.Contain("TOKEN").And.Not.Contain("s3cret"));
    }

    [Test]
    [CancelAfter(5000)]
    public async Task PushAsync_RegistryAnswersDigest_SendsAuthHeaderAndReturnsDigest(CancellationToken cancellationToken)
    {
        string? auth = null;
        var handler = StubHandler.WithEngine141(request =>
        {
            auth = request.Headers.GetValues(RegistryAuth.HeaderName).Single();
            return StubHandler.Json("""
                {"status":"The push refers to repository [127.0.0.1:5000/shop/web]"}
                {"status":"Pushed","progressDetail":{},"id":"5f70bf18a086"}
                {"status":"3f2a: digest: sha256:abc size: 527"}
                {"progressDetail":{},"aux":{"Tag":"3f2a","Digest":"sha256:abc","Size":527}}
                """);
        });
        using var client = TestClients.With(handler);
        var lines = new List<string>();

        var pushed = await client.Images.PushAsync(
            "127.0.0.1:5000/shop/web:3f2a",
            new RegistryAuth { Username = "ci", Password = "pw", ServerAddress = "127.0.0.1:5000" },
            (line, _) => { lines.Add(line); return ValueTask.CompletedTask; },
            cancellationToken);

        var json = Encoding.UTF8.GetString(Convert.FromBase64String(auth!.Replace('-', '+').Replace('_', '/')));
        Assert.That(handler.Requests[1], Is.EqualTo("POST /v1.41/images/127.0.0.1:5000/shop/web/push?tag=3f2a"));
        Assert.That(json, Does.Contain("\"username\":\"ci\"").And.Contain("\"password\":\"pw\"").And.Contain("\"serveraddress\":\"127.0.0.1:5000\""));
        Assert.That(pushed.Digest, Is.EqualTo("sha256:abc"));
        Assert.That(pushed.DigestReference, Is.EqualTo("127.0.0.1:5000/shop/web@sha256:abc"));
        Assert.That(lines, Does.Contain("5f70bf18a086: Pushed"));
    }

    [Test]
    [CancelAfter(5000)]
    public void PushAsync_RegistryRefuses_ThrowsWithTheRegistryMessage()
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("""
            {"status":"The push refers to repository [127.0.0.1:5000/shop/web]"}
            {"errorDetail":{"message":"unauthorized: authentication required"},"error":"unauthorized: authentication required"}
            """));
        using var client = TestClients.With(handler);

        var ex = Assert.ThrowsAsync<DockerException>(() => client.Images.PushAsync("127.0.0.1:5000/shop/web:1", null));

        Assert.That(ex!.EngineMessage, Is.EqualTo("unauthorized: authentication required"));
    }

    [Test]
    [CancelAfter(5000)]
    public void PushAsync_RegistryUnreachable_ThrowsRegistryUnavailable()
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("""
            {"errorDetail":{"message":"Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"},"error":"Get \"https://127.0.0.1:1/v2/\": dial tcp 127.0.0.1:1: connect: connection refused"}
            """));
        using var client = TestClients.With(handler);

        Assert.ThrowsAsync<DockerRegistryUnavailableException>(() => client.Images.PushAsync("127.0.0.1:1/shop/web:1", null));
    }

    [Test]
    [CancelAfter(5000)]
    public void PushAsync_NoSuchImage_ThrowsNotFound()
    {
        var handler = StubHandler.WithEngine141(_ => StubHandler.Json("""{"message":"An image does not exist locally with the tag: 127.0.0.1:5000/shop/web"}""", HttpStatusCode.NotFound));
        using var client = TestClients.With(handler);

        Assert.ThrowsAsync<DockerNotFoundException>(() => client.Images.PushAsync("127.0.0.1:5000/shop/web:1", null));
    }
}
