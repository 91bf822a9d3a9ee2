using Codemason.Controller.Edge;
using static Codemason.Controller.Tests.Edge.EdgeTestData;

namespace Codemason.Controller.Tests.Edge;

public sealed class RouteTableTests
{
    [Test]
    public void Build_EachRouteGetsTheRunningReplicasOfItsTargetService_SortedByKey()
    {
        var snapshot = new EdgeSnapshot("dev", EdgeNodes((NodeA, "10.0.0.1", null)),
            [
                new AppRoutes("shop", [Route("shop.example.com", "shop", "web"), Route("shop.example.com", "shop", "api", path: "/api")]),
                new AppRoutes("lb", [Route("blog.example.com", "blog", "web", 2368)]),
            ],
            [Replica("shop", "web", 2, NodeA, "10.208.0.3"), Replica("shop", "web", 1, NodeA, "10.208.0.2"), Replica("shop", "db", 1, NodeA, "10.208.0.4")]);

        var table = RouteTable.Build(snapshot);

        Assert.That(table.Select(r => r.Id), Is.EqualTo(new[] { "blog.example.com/:80", "shop.example.com/:80", "shop.example.com/api:80" }));
        Assert.That(table[0].Owner, Is.EqualTo("lb"));
        Assert.That(table[0].Destinations, Is.Empty, "blog has no running replica");
        Assert.That(table[1].Destinations.Select(r => r.Id), Is.EqualTo(new[] { "dev/shop/web#1", "dev/shop/web#2" }));
        Assert.That(table[2].Destinations, Is.Empty, "shop/api has no replica; shop/db is not its target");
    }

    [Test]
    public void Build_TwoAppsDeclareOneKey_TheFirstByNameKeepsIt()
    {
        var snapshot = new EdgeSnapshot("dev", [],
            [new AppRoutes("zeta", [Route("x.example.com", "zeta", "web")]), new AppRoutes("alpha", [Route("x.example.com", "alpha", "web")])], []);

        var table = RouteTable.Build(snapshot);

        Assert.That(table, Has.Count.EqualTo(1));
        Assert.That(table[0].Owner, Is.EqualTo("alpha"));
    }

    [Test]
    public void Build_SameHostOnAnotherPortOrPath_AreTwoRoutes()
    {
        var snapshot = new EdgeSnapshot("dev", [],
            [new AppRoutes("shop", [Route("x.example.com", "shop", "web"), Route("x.example.com", "shop", "web", port: 8080), Route("x.example.com", "shop", "web", path: "/a")])], []);

        Assert.That(RouteTable.Build(snapshot), Has.Count.EqualTo(3));
    }
}
