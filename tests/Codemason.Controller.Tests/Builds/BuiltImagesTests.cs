using Codemason.Controller.Apply;
using Codemason.Controller.Errors;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Builds;

public sealed class BuiltImagesTests
{
    private const string Built = """{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "build": {} }, { "name": "db", "image": "local/busybox:1" } ] }""";

    [Test]
    public async Task Resolve_PushBuiltAnImage_TheServiceRunsIt()
    {
        var app = BuiltImages.Resolve(await AppAsync(Built), new Dictionary<string, string> { ["web"] = "r/staging/shop/web:abc" }, current: null);

        Assert.That(app.Services.Select(s => s.Image), Is.EqualTo(new[] { "r/staging/shop/web:abc", "local/busybox:1" }));
    }

    [Test]
    public async Task Resolve_PlainDeployAfterAPush_KeepsTheBuiltImage()
    {
        var current = BuiltImages.Resolve(await AppAsync(Built), new Dictionary<string, string> { ["web"] = "r/staging/shop/web:abc" }, null);

        var app = BuiltImages.Resolve(await AppAsync(Built), new Dictionary<string, string>(), current);

        Assert.That(app.FindService("web")!.Image, Is.EqualTo("r/staging/shop/web:abc"));
    }

    [Test]
    public async Task Resolve_NothingBuiltYetAndNoImage_SaysToPush()
    {
        var app = await AppAsync(Built);

        Assert.That(() => BuiltImages.Resolve(app, new Dictionary<string, string>(), null),
            Throws.InstanceOf<FailedPreconditionException>().With.Message.Contains("service web is built from source").And.Message.Contains("git push codemason main"));
    }

    [Test]
    public async Task Resolve_DeclaredImageAndNothingBuilt_RunsTheDeclaredImage()
    {
        var app = await AppAsync("""{ "name": "shop", "masonVersion": "v1", "services": [ { "name": "web", "image": "local/busybox:1", "build": { "commands": ["make"] } } ] }""");

        Assert.That(BuiltImages.Resolve(app, new Dictionary<string, string>(), null).Services.Single().Image, Is.EqualTo("local/busybox:1"));
    }

    private static async Task<AppSpec> AppAsync(string json)
    {
        var result = await MortarPipeline.ProcessAsync(json, new MortarContext(), CancellationToken.None);
        Assert.That(result.Errors, Is.Empty, "the sample is valid");
        return result.App!;
    }
}
