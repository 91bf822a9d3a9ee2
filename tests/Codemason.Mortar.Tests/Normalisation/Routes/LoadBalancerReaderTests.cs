using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;
using Codemason.Mortar.Validation;

namespace Codemason.Mortar.Tests.Normalisation.Routes;

[TestFixture]
public sealed class LoadBalancerReaderTests
{
    private const string LoadBalancer = """
        {
            "name": "edge",
            "masonVersion": "v1",
            "targets": [
                { "source": { "protocol": "https", "hostname": "shop.example.com" }, "target": { "service": "shop/web", "port": 8080 }, "sticky": true },
            ],
        }
        """;

    [Test]
    public void Validate_TargetsWithoutType_LoadBalancerWithoutErrors()
    {
        var result = MasonValidator.Validate(LoadBalancer);

        Assert.That(result.Errors, Is.Empty);
        Assert.That(result.Type, Is.EqualTo(MasonFileType.LoadBalancer));
    }

    [Test]
    public void Process_Target_OneRouteToTheOtherAppAndNoServices()
    {
        var app = MortarPipeline.Process(LoadBalancer).GetAppOrThrow();

        Assert.That(app.Type, Is.EqualTo(MasonFileType.LoadBalancer));
        Assert.That(app.Services, Is.Empty);
        Assert.That(app.Routes, Is.EqualTo(new[]
        {
            new RouteSpec("shop.example.com", "/", RouteProtocol.Https, 443, new AppName("shop"), new ServiceName("web"), 8080) { Sticky = true },
        }));
    }

    [Test]
    public void Process_Target_SourceAtHostnameAndTargetService()
    {
        var result = MortarPipeline.Process(LoadBalancer);

        Assert.That(result.RouteSources, Is.EqualTo(new[]
        {
            new RouteSource("targets[0].source.hostname", new SourcePosition(5, 56), "targets[0].target.service", new SourcePosition(5, 101)),
        }));
    }

    [Test]
    public void Serialize_LoadBalancer_RoutesReadBackEqual()
    {
        var app = MortarPipeline.Process(LoadBalancer).GetAppOrThrow();

        var json = MortarJson.Serialize(app);
        var again = MortarJson.DeserializeApp(json);

        Assert.That(json, Does.Contain("\"type\":\"loadBalancer\"").And.Contain("\"protocol\":\"https\""));
        Assert.That(again.Routes, Is.EqualTo(app.Routes));
        Assert.That(again.Type, Is.EqualTo(MasonFileType.LoadBalancer));
    }

    [Test]
    public void Serialize_AppWithoutRoutes_NoRoutesProperty()
    {
        var app = MortarPipeline.Process("""{ "name": "web", "masonVersion": "v1", "image": "nginx" }""").GetAppOrThrow();

        Assert.That(MortarJson.Serialize(app), Does.Not.Contain("routes"));
    }

    [Test]
    public void Validate_LoadBalancerWithServices_ErrorAtServices()
    {
        const string text = """
            {
                "name": "edge",
                "type": "loadbalancer",
                "masonVersion": "v1",
                "services": [{ "name": "web", "image": "nginx" }],
                "targets": [{ "source": { "hostname": "shop.example.com" }, "target": { "service": "shop/web", "port": 80 } }],
            }
            """;

        var errors = MasonValidator.Validate(text).Errors;

        Assert.That(errors.Select(e => e.ToString()), Is.EqualTo(new[]
        {
            "services: a load balancer has no \"services\": its targets route to services of other apps; for an application, remove \"type\": \"loadbalancer\" (line 5, col 5)",
        }));
    }
}
