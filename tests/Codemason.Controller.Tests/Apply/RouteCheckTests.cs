using Codemason.Controller.Apply;
using Codemason.Mortar;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Tests.Apply;

[TestFixture]
public sealed class RouteCheckTests
{
    private static AppSpec App(string text) => MortarPipeline.Process(text).GetAppOrThrow();

    private static AppSpec Web(string name, string domain, string port = "8080") =>
        App($$"""{ "name": "{{name}}", "masonVersion": "v1", "image": "nginx", "ports": ["{{port}}"], "domains": ["{{domain}}"] }""");

    private static AppSpec LoadBalancer(string target, int port, string hostname = "lb.example.com") =>
        App($$"""{ "name": "edge", "type": "loadbalancer", "masonVersion": "v1", "targets": [{ "source": { "hostname": "{{hostname}}" }, "target": { "service": "{{target}}", "port": {{port}} } }] }""");

    [Test]
    public void Find_HostOwnedByAnotherApp_ClaimedNamingTheOwner()
    {
        var problems = RouteCheck.Find(Web("blog", "shop.example.com"), [Web("shop", "shop.example.com")], "prod");

        Assert.That(problems, Is.EqualTo(new[]
        {
            new RouteProblem(0, RouteProblemKind.Claimed,
                "shop.example.com belongs to app shop in environment prod; a hostname and path are routed by one app — remove it from shop first, or choose another"),
        }));
    }

    [Test]
    public void Find_SameHostOnPlainHttp_ClaimedAsTheHttpsRouteRedirectsThere()
    {
        var http = App("""{ "name": "blog", "masonVersion": "v1", "image": "nginx", "ports": ["80"], "domains": [{ "host": "shop.example.com", "https": false }] }""");

        var problems = RouteCheck.Find(http, [Web("shop", "shop.example.com")], "prod");

        Assert.That(problems.Select(p => p.Kind), Is.EqualTo(new[] { RouteProblemKind.Claimed }));
    }

    [TestCase("shop.example.com/api")]
    [TestCase("api.example.com")]
    public void Find_OtherPathOrHost_NoProblem(string domain)
    {
        Assert.That(RouteCheck.Find(Web("blog", domain), [Web("shop", "shop.example.com")], "prod"), Is.Empty);
    }

    [Test]
    public void Find_SameAppAgain_NoProblem()
    {
        Assert.That(RouteCheck.Find(Web("shop", "shop.example.com"), [Web("shop", "shop.example.com")], "prod"), Is.Empty);
    }

    [Test]
    public void Find_TargetAppMissing_TargetProblem()
    {
        var problems = RouteCheck.Find(LoadBalancer("shop/web", 8080), [Web("blog", "blog.example.com")], "prod");

        Assert.That(problems.Select(p => (p.Kind, p.Message)), Is.EqualTo(new[]
        {
            (RouteProblemKind.Target, "shop/web — app shop does not exist in environment prod; deploy it before the routes to it"),
        }));
    }

    [Test]
    public void Find_TargetServiceMissing_NamesTheServicesTheAppHas()
    {
        var problems = RouteCheck.Find(LoadBalancer("shop/api", 8080), [Web("shop", "shop.example.com")], "prod");

        Assert.That(problems.Single().Message, Is.EqualTo("shop/api — app shop has no service api (it has shop)"));
    }

    [Test]
    public void Find_TargetPortNotDeclared_NamesTheDeclaredOnes()
    {
        var problems = RouteCheck.Find(LoadBalancer("shop/shop", 9090), [Web("shop", "shop.example.com")], "prod");

        Assert.That(problems.Single().Message, Is.EqualTo("shop/shop — service shop/shop does not declare container port 9090 in \"ports\" (it declares 8080)"));
    }

    [Test]
    public void Find_TargetExistsWithPort_NoProblem()
    {
        Assert.That(RouteCheck.Find(LoadBalancer("shop/shop", 8080), [Web("shop", "shop.example.com")], "prod"), Is.Empty);
    }
}
