using Codemason.Edge.Configuration;
using Codemason.Edge.Routing;

namespace Codemason.Edge.Tests.Routing;

public sealed class EdgeDeciderTests
{
    private static readonly EdgeDestination Replica = new() { Id = "r1", Address = "http://10.213.0.5:8080" };

    private static EdgeSnapshot Snapshot(params EdgeRoute[] routes) =>
        EdgeSnapshot.TryCreate(new EdgeConfig
        {
            Version = "v",
            Routes = routes,
            Challenges = [new EdgeChallenge { Token = "tok", KeyAuthorization = "tok.key" }],
        }, out var errors) ?? throw new InvalidOperationException(string.Join("; ", errors));

    private static EdgeRoute Route(string id, string host, string path, int port, bool https = false, bool empty = false) => new()
    {
        Id = id,
        Host = host,
        Path = path,
        Port = port,
        Https = https,
        Destinations = empty ? [] : [Replica],
    };

    [TestCase("/", "root")]
    [TestCase("/apix", "root")]
    [TestCase("/api", "api")]
    [TestCase("/api/", "api")]
    [TestCase("/api/v1", "api")]
    [TestCase("/api/v2/x", "api-v2")]
    [TestCase("/API", "root")]
    public void Decide_Path_LongestMatchingPrefixWins(string path, string expected)
    {
        var snapshot = Snapshot(
            Route("root", "shop.example.com", "/", 80),
            Route("api", "shop.example.com", "/api", 80),
            Route("api-v2", "shop.example.com", "/api/v2/", 80));

        var decision = EdgeDecider.Decide(snapshot, new EdgeRequest("Shop.Example.com", 80, false, path, ""));

        Assert.That(decision, Is.EqualTo(new EdgeDecision.Proxy(expected)));
    }

    [Test]
    public void Decide_OtherPortOrHost_IsNotFound()
    {
        var snapshot = Snapshot(Route("web", "shop.example.com", "/", 8080));

        Assert.Multiple(() =>
        {
            Assert.That(EdgeDecider.Decide(snapshot, new EdgeRequest("shop.example.com", 80, false, "/", "")), Is.EqualTo(new EdgeDecision.NotFound("shop.example.com")));
            Assert.That(EdgeDecider.Decide(snapshot, new EdgeRequest("www.example.com", 8080, false, "/", "")), Is.EqualTo(new EdgeDecision.NotFound("www.example.com")));
        });
    }

    [Test]
    public void Decide_RouteWithoutDestinations_IsNoReplica() =>
        Assert.That(
            EdgeDecider.Decide(Snapshot(Route("web", "shop.example.com", "/", 80, empty: true)), new EdgeRequest("shop.example.com", 80, false, "/", "")),
            Is.EqualTo(new EdgeDecision.NoReplica("web")));

    [TestCase(443, "https://shop.example.com/a/b?q=1")]
    [TestCase(8443, "https://shop.example.com:8443/a/b?q=1")]
    public void Decide_HttpRequestForHttpsHost_RedirectsToItsPort(int httpsPort, string expected)
    {
        var snapshot = Snapshot(Route("web", "shop.example.com", "/", httpsPort, https: true));

        var decision = EdgeDecider.Decide(snapshot, new EdgeRequest("shop.example.com", 80, false, "/a/b", "?q=1"));

        Assert.That(decision, Is.EqualTo(new EdgeDecision.Redirect(expected)));
    }

    [Test]
    public void Decide_AcmeChallenge_IsAnsweredOnHttpEvenForHttpsHosts()
    {
        var snapshot = Snapshot(Route("web", "shop.example.com", "/", 443, https: true));

        Assert.Multiple(() =>
        {
            Assert.That(
                EdgeDecider.Decide(snapshot, new EdgeRequest("shop.example.com", 80, false, "/.well-known/acme-challenge/tok", "")),
                Is.EqualTo(new EdgeDecision.Challenge("tok.key")));
            Assert.That(
                EdgeDecider.Decide(snapshot, new EdgeRequest("shop.example.com", 80, false, "/.well-known/acme-challenge/other", "")),
                Is.EqualTo(new EdgeDecision.Challenge(null)));
            Assert.That(
                EdgeDecider.Decide(snapshot, new EdgeRequest("shop.example.com", 443, true, "/.well-known/acme-challenge/tok", "")),
                Is.EqualTo(new EdgeDecision.Proxy("web")));
        });
    }
}
