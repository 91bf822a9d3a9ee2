using System.Net;
using Codemason.Edge.Configuration;
using Codemason.Edge.Tests.Support;

namespace Codemason.Edge.Tests.Proxy;

public sealed class ReloadTests
{
    [Test]
    [CancelAfter(30_000)]
    public async Task Start_WithAnExistingFile_ServesItAtOnce(CancellationToken cancellationToken)
    {
        // The ports are the system's choice here, so the file has no route; ExecutableTests serves a route at boot.
        const string Json = """{ "version": "boot", "routes": [], "certificates": [], "challenges": [] }""";
        await using var edge = await EdgeUnderTest.StartAsync(Json);

        var report = await edge.WaitForReportAsync(_ => true, cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(report.Version, Is.EqualTo("boot"));
            Assert.That(report.Error, Is.Null);
            Assert.That(report.AppliedAt, Is.Not.Null);
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_WhileASlowRequestIsInFlight_TheRequestCompletesAndNewRequestsFollowTheNewRoutes(CancellationToken cancellationToken)
    {
        await using var oldBackend = await Backend.StartAsync("old");
        await using var newBackend = await Backend.StartAsync("new");
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = EdgeClient.Create();
        await edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [edge.Route("dev/shop/web", "shop.example.com", [oldBackend])] }, cancellationToken);

        var slow = client.GetAsync(edge.Http("shop.example.com", "/slow?ms=1500"), cancellationToken);
        await Task.Delay(300, cancellationToken);
        await edge.ApplyAsync(new EdgeConfig { Version = "v2", Routes = [edge.Route("dev/shop/web", "shop.example.com", [newBackend])] }, cancellationToken);
        var afterSwap = await client.GetStringAsync(edge.Http("shop.example.com"), cancellationToken);
        using var slowResponse = await slow;

        Assert.Multiple(async () =>
        {
            Assert.That(slow.IsCompleted, Is.True);
            Assert.That(slowResponse.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That(await slowResponse.Content.ReadAsStringAsync(cancellationToken), Is.EqualTo("old"));
            Assert.That(afterSwap, Is.EqualTo("new"));
        });
    }

    [Test]
    [CancelAfter(30_000)]
    public async Task Apply_InvalidFile_KeepsTheLastGoodConfigurationAndReportsTheError(CancellationToken cancellationToken)
    {
        await using var backend = await Backend.StartAsync("web-1");
        await using var edge = await EdgeUnderTest.StartAsync();
        using var client = EdgeClient.Create();
        await edge.ApplyAsync(new EdgeConfig { Version = "v1", Routes = [edge.Route("dev/shop/web", "shop.example.com", [backend])] }, cancellationToken);

        edge.WriteConfig("""{ "version": "v2", "routes": [ { "id": "x", "host": "bad host", "path": "api", "port": 0 } ] }""");
        var invalid = await edge.WaitForReportAsync(report => report.Error is not null, cancellationToken);
        var servedAfterInvalid = await client.GetStringAsync(edge.Http("shop.example.com"), cancellationToken);
        edge.WriteConfig("{ not json");
        var unparsable = await edge.WaitForReportAsync(report => report.Error?.Contains("parse", StringComparison.Ordinal) == true, cancellationToken);
        var servedAfterGarbage = await client.GetStringAsync(edge.Http("shop.example.com"), cancellationToken);

        Assert.Multiple(() =>
        {
            Assert.That(invalid.Version, Is.EqualTo("v1"));
            Assert.That(invalid.Error, Does.Contain("routes[0].host").And.Contain("routes[0].path").And.Contain("routes[0].port"));
            Assert.That(unparsable.Version, Is.EqualTo("v1"));
            Assert.That(servedAfterInvalid, Is.EqualTo("web-1"));
            Assert.That(servedAfterGarbage, Is.EqualTo("web-1"));
        });
    }
}
