using Codemason.Acme;
using Codemason.Controller.Edge;
using Codemason.Mortar.Model;
using static Codemason.Controller.Tests.Edge.EdgeTestData;

namespace Codemason.Controller.Tests.Edge;

public sealed class EdgeMessageTests
{
    private static readonly EdgeOptions Options = new() { Image = "local/edge:latest", HttpPort = 18080, HttpsPort = 18443, MetricsPort = 19180 };

    private static EdgeSnapshot Snapshot(params EdgeReplica[] replicas) => new("dev",
        EdgeNodes((NodeA, "10.0.0.1", null), (NodeB, "10.0.0.2", "false"), (Local, "127.0.0.1", null)),
        [new AppRoutes("shop", [
            Route("shop.example.com", "shop", "web"),
            Route("shop.example.com", "shop", "web", protocol: RouteProtocol.Https, port: 443),
            Route("admin.example.com", "shop", "web", port: 8081),
            Route("secure.example.com", "shop", "web", protocol: RouteProtocol.Https, port: 8443),
        ])],
        replicas);

    private static Proto.V1.EnvironmentEdge For(EdgeSnapshot snapshot, NodeId node) => EdgeMessage.For(snapshot, EdgeMessage.Server(snapshot, RouteTable.Build(snapshot), Options), node);

    [Test]
    public void For_AnEdgeNode_GetsTheServerWithItsPortsAndRoutes()
    {
        var message = For(Snapshot(Replica("shop", "web", 1, NodeA, "10.208.0.2")), NodeA);

        Assert.That(message.Environment, Is.EqualTo("dev"));
        var server = message.Server;
        Assert.That(server.Image, Is.EqualTo("local/edge:latest"));
        Assert.That((server.HttpPort, server.HttpsPort, server.MetricsPort), Is.EqualTo((18080u, 18443u, 19180u)));
        Assert.That(server.Routes.Select(r => (r.Host, r.Port, r.Https)), Is.EqualTo(new[]
        {
            ("admin.example.com", 8081u, false), ("secure.example.com", 8443u, true), ("shop.example.com", 18443u, true), ("shop.example.com", 18080u, false),
        }));
        Assert.That(server.ExtraHttpPorts, Is.EqualTo(new[] { 8081u }));
        Assert.That(server.ExtraHttpsPorts, Is.EqualTo(new[] { 8443u }));
        Assert.That(server.Routes[0].Destinations.Single().Address, Is.EqualTo("10.208.0.2"));
        Assert.That(server.Routes[0].TargetPort, Is.EqualTo(8080u));
    }

    [Test]
    public void For_ANodeLabelledEdgeFalse_GetsNoServer()
    {
        Assert.That(For(Snapshot(), NodeB).Server, Is.Null);
    }

    [Test]
    public void For_AnEnvironmentWithoutRoutes_GivesNoNodeAServer()
    {
        var snapshot = new EdgeSnapshot("dev", EdgeNodes((NodeA, "10.0.0.1", null)), [], [Replica("shop", "web", 1, NodeA, "10.208.0.2")]);

        Assert.That(For(snapshot, NodeA).Server, Is.Null);
    }

    [Test]
    public void For_AReplicaOnANodeOffTheOverlay_IsSentWithoutAnAddress()
    {
        var server = For(Snapshot(Replica("shop", "web", 1, Local, "10.208.0.9")), Local).Server;

        var destination = server.Routes[0].Destinations.Single();
        Assert.That(destination.Address, Is.Empty);
        Assert.That(destination.Node, Is.EqualTo("cccccccccccccccc"));
    }

    [Test]
    public void For_AReplicaStarts_TheRoutesVersionChangesAndTheSpecHashDoesNot()
    {
        var before = For(Snapshot(Replica("shop", "web", 1, NodeA, "10.208.0.2")), NodeA).Server;
        var after = For(Snapshot(Replica("shop", "web", 1, NodeA, "10.208.0.2"), Replica("shop", "web", 2, NodeA, "10.208.0.3")), NodeA).Server;
        var again = For(Snapshot(Replica("shop", "web", 1, NodeA, "10.208.0.2")), NodeA).Server;

        Assert.That(after.RoutesVersion, Is.Not.EqualTo(before.RoutesVersion));
        Assert.That(after.SpecHash, Is.EqualTo(before.SpecHash));
        Assert.That(again, Is.EqualTo(before), "equal inputs give equal messages, so the publisher sends nothing new");
    }

    [Test]
    public void For_AnotherPort_ChangesTheSpecHash()
    {
        var snapshot = Snapshot();
        var other = EdgeMessage.For(snapshot, EdgeMessage.Server(snapshot, RouteTable.Build(snapshot), new EdgeOptions { Image = "local/edge:latest", HttpPort = 80, HttpsPort = 443 }), NodeA);

        Assert.That(other.Server.SpecHash, Is.Not.EqualTo(For(snapshot, NodeA).Server.SpecHash));
    }

    [Test]
    public void For_CertificatesOfHttpsHosts_SentOncePerCertificateWithTheHostsUsingIt()
    {
        var snapshot = Snapshot() with
        {
            Certificates =
            [
                new EdgeHostCertificate("*.example.com", "WILD", "WILD-KEY"),
                new EdgeHostCertificate("admin.example.com", "ADMIN", "ADMIN-KEY"),
                new EdgeHostCertificate("shop.example.com", "SAN", "SAN-KEY"),
                new EdgeHostCertificate("unrouted.example.com", "SAN", "SAN-KEY"),
            ],
        };

        var certificates = For(snapshot, NodeA).Server.Certificates;

        // secure.example.com has no own certificate: the wildcard; admin.example.com is only served over http.
        Assert.That(certificates.Select(c => (string.Join(",", c.Hosts), c.CertificatePem, c.KeyPem)), Is.EqualTo(new[]
        {
            ("*.example.com", "WILD", "WILD-KEY"), ("shop.example.com", "SAN", "SAN-KEY"),
        }));
    }

    [Test]
    public void For_ACertificateChanges_TheRoutesVersionChangesAndTheSpecHashDoesNot()
    {
        var without = For(Snapshot(), NodeA).Server;
        var with = For(Snapshot() with { Certificates = [new EdgeHostCertificate("shop.example.com", "ONE", "KEY")] }, NodeA).Server;
        var renewed = For(Snapshot() with { Certificates = [new EdgeHostCertificate("shop.example.com", "TWO", "KEY")] }, NodeA).Server;

        Assert.That(new[] { without.RoutesVersion, with.RoutesVersion, renewed.RoutesVersion }, Is.Unique);
        Assert.That(renewed.SpecHash, Is.EqualTo(without.SpecHash));
    }

    [Test]
    public void For_ANodeThatRunsNoEdge_GetsNoCertificate()
    {
        var message = For(Snapshot() with { Certificates = [new EdgeHostCertificate("shop.example.com", "ONE", "KEY")] }, NodeB);

        Assert.That(message.Server, Is.Null);
    }

    [Test]
    public void For_AChallengeOpensAndCloses_ServedByTokenAndTheRoutesVersionFollows()
    {
        var challenge = new AcmeHttpChallenge("secure.example.com", "tok-1", "tok-1.thumb");
        var without = For(Snapshot(), NodeA).Server;
        var open = For(Snapshot() with { Challenges = [challenge] }, NodeA).Server;
        var closed = For(Snapshot() with { Challenges = [] }, NodeA).Server;

        Assert.Multiple(() =>
        {
            Assert.That(open.Challenges.Select(c => (c.Token, c.KeyAuthorization)), Is.EqualTo(new[] { ("tok-1", "tok-1.thumb") }));
            Assert.That(open.RoutesVersion, Is.Not.EqualTo(without.RoutesVersion));
            Assert.That(closed.RoutesVersion, Is.EqualTo(without.RoutesVersion));
            Assert.That(open.SpecHash, Is.EqualTo(without.SpecHash));
        });
    }
}
