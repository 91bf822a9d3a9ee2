using Codemason.Mortar.Model;
using Codemason.Mortar.Syntax;

namespace Codemason.Mortar.Tests.Normalisation.Routes;

[TestFixture]
public sealed class DomainsReaderTests
{
    private const string ServiceFile = """
        {
            "name": "web",
            "masonVersion": "v1",
            "image": "nginx",
            "ports": ["80", "53/udp"],
            "domains": ["shop.example.com/api", { "host": "shop.example.com", "https": false, "sticky": true }],
        }
        """;

    [Test]
    public void Process_Domains_RoutesToTheOwnAppUnderItsDeployedName()
    {
        var app = MortarPipeline.Process(ServiceFile, new MortarContext { AppName = new AppName("shop-staging") }).GetAppOrThrow();

        Assert.That(app.Routes, Is.EqualTo(new[]
        {
            new RouteSpec("shop.example.com", "/api", RouteProtocol.Https, 443, new AppName("shop-staging"), new ServiceName("web"), 80),
            new RouteSpec("shop.example.com", "/", RouteProtocol.Http, 80, new AppName("shop-staging"), new ServiceName("web"), 80) { Sticky = true },
        }));
    }

    [Test]
    public void Process_Domains_SourcesAtEachItem()
    {
        var result = MortarPipeline.Process(ServiceFile);

        Assert.That(result.RouteSources.Select(s => (s.HostPath, s.HostPosition)), Is.EqualTo(new[]
        {
            ("domains[0]", new SourcePosition(6, 17)),
            ("domains[1]", new SourcePosition(6, 41)),
        }));
    }

    [Test]
    public void Process_PortsWithErrors_DomainNotReportedAgain()
    {
        const string text = """{ "name": "web", "masonVersion": "v1", "image": "nginx", "ports": ["x"], "domains": ["shop.example.com"] }""";

        var errors = MortarPipeline.Process(text).Errors;

        Assert.That(errors.Select(e => e.Path), Is.EqualTo(new[] { "ports[0]" }));
    }

    [Test]
    public void Process_SameHostOnHttpAndHttps_BothRouted()
    {
        const string text = """{ "name": "web", "masonVersion": "v1", "image": "nginx", "ports": ["80"], "domains": ["a.example.com", { "host": "a.example.com", "https": false }] }""";

        var app = MortarPipeline.Process(text).GetAppOrThrow();

        Assert.That(app.Routes.Select(r => (r.Protocol, r.Port)), Is.EqualTo(new[] { (RouteProtocol.Https, 443), (RouteProtocol.Http, 80) }));
    }
}
