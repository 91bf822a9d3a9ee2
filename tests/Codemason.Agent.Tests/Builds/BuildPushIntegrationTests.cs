using System.Net.Http.Headers;
using System.Text;
using Codemason.Agent.Builds;
using Codemason.Docker.Errors;
using Codemason.Proto.V1;
using Codemason.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Codemason.Agent.Tests.Builds;

/// <summary>A build pushed to a real registry (<see cref="LocalRegistry"/>) with the request's credentials.</summary>
[Category("Integration")]
[CancelAfter(180_000)]
public sealed class BuildPushIntegrationTests
{
    [Test]
    public async Task RunAsync_PushWithCredentials_EveryTagPushedAndListedByDigest(CancellationToken cancellationToken)
    {
        await using var engine = new TestEngine();
        await using var registry = await LocalRegistry.StartAsync(cancellationToken);
        var repository = $"{registry.Address}/it/shop/web";
        var request = Request(engine, registry, repository, LocalRegistry.Password);
        using var runner = Runner(engine);
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {engine.RunId} > /x");

        BuildResult result;
        try
        {
            var running = runner.RunAsync(request, call, cancellationToken);
            await call.SendContextAsync(context, 1000, cancellationToken);
            result = await running;
        }
        finally
        {
            await RemoveAsync(engine, request.Tags);
        }

        var lines = FakeBuildCall.Lines(await ReportsAsync(call, cancellationToken)).ToList();
        Assert.That(result.Succeeded, Is.True, result.Error);
        Assert.That(result.Pushed, Has.Count.EqualTo(2));
        Assert.That(result.Pushed, Has.All.StartsWith($"{repository}@sha256:"));
        Assert.That(result.Pushed[0], Is.EqualTo($"{repository}@{await RegistryDigestAsync(registry, "it/shop/web", engine.RunId, cancellationToken)}"));
        Assert.That(lines, Does.Contain($"pushed {result.Pushed[0]}"));
        Assert.That(string.Join('\n', lines), Does.Not.Contain(LocalRegistry.Password));
    }

    [Test]
    public async Task RunAsync_WrongPassword_FailsWithTheRegistryMessageAndNoPassword(CancellationToken cancellationToken)
    {
        const string WrongPassword = "wrong-password-value";
        await using var engine = new TestEngine();
        await using var registry = await LocalRegistry.StartAsync(cancellationToken);
        var request = Request(engine, registry, $"{registry.Address}/it/shop/web", WrongPassword);
        using var runner = Runner(engine);
        using var call = new FakeBuildCall();
        using var context = BuildContext.Dockerfile($"FROM {TestEngine.Image}", $"RUN echo {engine.RunId} > /x");

        BuildResult result;
        try
        {
            var running = runner.RunAsync(request, call, cancellationToken);
            await call.SendContextAsync(context, 1000, cancellationToken);
            result = await running;
        }
        finally
        {
            await RemoveAsync(engine, request.Tags);
        }

        var lines = FakeBuildCall.Lines(await ReportsAsync(call, cancellationToken)).ToList();
        Assert.That(result.Succeeded, Is.False);
        Assert.That(result.Error, Is.EqualTo($"push of {request.Tags[0]} failed: unauthorized: authentication required"));
        Assert.That(result.Pushed, Is.Empty);
        Assert.That(string.Join('\n', lines.Append(result.Error)), Does.Not.Contain(WrongPassword));
    }

    private static BuildRunner Runner(TestEngine engine) =>
        new(engine.Client, Options.Create(new BuildOptions()), TimeProvider.System, NullLogger<BuildRunner>.Instance);

    private static BuildRequest Request(TestEngine engine, LocalRegistry registry, string repository, string password) => new()
    {
        BuildId = "b-push",
        Ticket = "ticket-push",
        App = new AppRef { Environment = "it", App = "shop" },
        Service = "web",
        Dockerfile = "Dockerfile",
        Tags = { $"{repository}:{engine.RunId}", $"{repository}:latest" },
        Push = new RegistryPush { Registry = registry.Address, Username = LocalRegistry.User, Password = password },
    };

    /// <summary>The manifest digest the registry holds for a tag, asked of the registry itself.</summary>
    private static async Task<string> RegistryDigestAsync(LocalRegistry registry, string name, string tag, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Head, new Uri($"http://{registry.Address}/v2/{name}/manifests/{tag}"));
        request.Headers.Authorization = new AuthenticationHeaderValue("Basic",
            Convert.ToBase64String(Encoding.UTF8.GetBytes($"{LocalRegistry.User}:{LocalRegistry.Password}")));
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/vnd.docker.distribution.manifest.v2+json"));
        using var answer = await http.SendAsync(request, cancellationToken);
        answer.EnsureSuccessStatusCode();
        return answer.Headers.GetValues("Docker-Content-Digest").Single();
    }

    private static async Task<List<BuildReport>> ReportsAsync(FakeBuildCall call, CancellationToken cancellationToken)
    {
        var reports = new List<BuildReport>();
        await foreach (var report in call.Sent.ReadAllAsync(cancellationToken))
        {
            reports.Add(report);
        }
        return reports;
    }

    private static async Task RemoveAsync(TestEngine engine, IEnumerable<string> tags)
    {
        foreach (var tag in tags)
        {
            try
            {
                await engine.Client.Images.RemoveAsync(tag, force: true, CancellationToken.None);
            }
            catch (DockerNotFoundException)
            {
                // Not built.
            }
        }
    }
}
