using Codemason.Mortar.Model;
using Codemason.Mortar.Tests.Golden;

namespace Codemason.Mortar.Tests;

[TestFixture]
public sealed class MortarPipelineTests
{
    [Test]
    [CancelAfter(10_000)]
    public async Task ProcessAsync_ValidApplication_NormalisedApp(CancellationToken cancellationToken)
    {
        var discovery = new FakeServiceDiscovery(["cache/redis"], []);

        var result = await MortarPipeline.ProcessAsync(Samples.Application, Samples.Context(discovery), cancellationToken);

        Assert.That(result.Errors, Is.Empty);
        var web = result.App!.FindService("web")!;
        Assert.That(web.Image, Is.EqualTo("registry.example.com/pebble/web:4f2a1c9"));
        Assert.That(web.Registry, Is.EqualTo(new RegistryCredential("registry.example.com", "ci", "pw")));
        Assert.That(web.Links, Is.EqualTo(new[]
        {
            new LinkSpec(new AppName("pebble"), new ServiceName("postgres"), "postgres", LinkResolution.App),
            new LinkSpec(new AppName("cache"), new ServiceName("redis"), "redis", LinkResolution.Environment),
        }));
        Assert.That(web.Labels.Keys, Is.EqualTo(new[] { "a", "b" }));
    }

    [Test]
    public void Process_Answers_BecomeEnvironmentWithDefaultsAndSecrets()
    {
        var result = MortarPipeline.Process(Samples.Application, Samples.Context());

        var postgres = result.App!.FindService("postgres")!;
        Assert.That(postgres.Environment, Is.EqualTo(new[]
        {
            new EnvironmentVariable("POSTGRES_DB", "pebble"),
            new EnvironmentVariable("POSTGRES_PASSWORD", "pa55", Secret: true),
            new EnvironmentVariable("POSTGRES_USER", "admin"),
        }));
        Assert.That(result.App.FindService("web")!.EnvironmentMap["API_TOKEN"], Is.EqualTo("t0k3n"));
    }

    [Test]
    public void Process_NoAnswers_OneErrorListingEveryUnansweredQuestion()
    {
        var result = MortarPipeline.Process(Samples.Application, new MortarContext { Commit = "abc" });

        Assert.That(result.Succeeded, Is.False);
        var error = result.Errors.Single();
        Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Question));
        Assert.That(error.Message, Does.Contain("web.API_TOKEN").And.Contain("postgres.POSTGRES_PASSWORD"));
        Assert.That(result.UnansweredQuestions.Select(q => q.Key), Is.EqualTo(new[] { "API_TOKEN", "POSTGRES_PASSWORD" }));
        Assert.That(result.Questions.Single(q => q.Key == "POSTGRES_PASSWORD").Secret, Is.True);
    }

    [Test]
    public void Process_WithoutDiscovery_ExternalLinkUnresolved()
    {
        var result = MortarPipeline.Process(Samples.Application, Samples.Context());

        Assert.That(result.App!.FindService("web")!.Links.Single(l => l.Service.Value == "redis").Resolution, Is.EqualTo(LinkResolution.Unresolved));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ProcessAsync_DiscoveryFindsNothing_LinkError(CancellationToken cancellationToken)
    {
        var result = await MortarPipeline.ProcessAsync(Samples.Application, Samples.Context(new FakeServiceDiscovery([], [])), cancellationToken);

        var error = result.Errors.Single();
        Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Link));
        Assert.That(error.Path, Is.EqualTo("services[0].links[1]"));
        Assert.That(error.Message, Does.Contain("\"redis\""));
    }

    [Test]
    [CancelAfter(10_000)]
    public async Task ProcessAsync_SameTargetTwice_DiscoveryAskedOnce(CancellationToken cancellationToken)
    {
        var text = """{ "name": "a", "masonVersion": "v1", "services": [ { "name": "x", "image": "i", "links": ["redis"] }, { "name": "y", "image": "i", "links": ["Redis:r"] } ] }""";
        var discovery = new FakeServiceDiscovery(["cache/redis"], []);

        await MortarPipeline.ProcessAsync(text, new MortarContext { Discovery = discovery }, cancellationToken);

        Assert.That(discovery.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void Process_TemplateWithoutCommit_TemplateError()
    {
        var result = MortarPipeline.Process(Samples.Application, new MortarContext { Answers = Samples.Answers });

        var error = result.Errors.Single();
        Assert.That(error.Kind, Is.EqualTo(MasonErrorKind.Template));
        Assert.That(error.ToString(), Does.StartWith("services[0].image: \"registry.example.com/pebble/web:${commit}\" — ${commit} has no value"));
    }

    [Test]
    public void Process_AppNameOverride_UsedForAppAndLinks()
    {
        var context = Samples.Context() with { AppName = new AppName("pebble-staging") };

        var result = MortarPipeline.Process(Samples.Application, context);

        Assert.That(result.App!.Name, Is.EqualTo(new AppName("pebble-staging")));
        Assert.That(result.App.FindService("web")!.Links[0].App, Is.EqualTo(new AppName("pebble-staging")));
    }

    [Test]
    public void Process_Utf8Bytes_SameAsString()
    {
        var fromString = MortarPipeline.Process(Samples.Application, Samples.Context());
        var fromBytes = MortarPipeline.Process(System.Text.Encoding.UTF8.GetBytes(Samples.Application), Samples.Context());

        Assert.That(MortarJson.Serialize(fromBytes.App!), Is.EqualTo(MortarJson.Serialize(fromString.App!)));
    }

    [Test]
    public void GetAppOrThrow_Invalid_MortarExceptionCarriesErrors()
    {
        var result = MortarPipeline.Process("{ \"name\": 5 }");

        var exception = Assert.Throws<MortarException>(() => result.GetAppOrThrow());
        Assert.That(exception!.Errors, Is.EqualTo(result.Errors));
        Assert.That(exception.Message, Does.Contain("masonVersion"));
    }
}
