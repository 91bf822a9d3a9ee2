using Codemason.Controller.Networking;
using Codemason.Testing;

namespace Codemason.Controller.Tests.Networking;

public sealed class EndpointTableTests
{
    private static uint A(string address) => Ipv4Subnet.TryParseAddress(address, out var value) ? value : throw new FormatException(address);

    [Test]
    public void Build_NamesAliasesAndLinks_ResolveInTheirOwnAppToRunningReplicasOnly()
    {
        var services = new[]
        {
            new NetworkService("shop", "web", [], [new NetworkLink("database", "shop", "db"), new NetworkLink("pay", "billing", "api")]),
            new NetworkService("shop", "db", ["database"], []),
            new NetworkService("billing", "api", [], []),
            new NetworkService("billing", "web", [], []),
        };
        var members = new[]
        {
            new NetworkMember("shop", "web", A("10.208.0.5"), Running: true),
            new NetworkMember("shop", "db", A("10.208.0.4"), Running: true),
            new NetworkMember("shop", "db", A("10.208.0.3"), Running: false),
            new NetworkMember("billing", "api", A("10.208.0.9"), Running: true),
            new NetworkMember("billing", "api", A("10.208.0.8"), Running: true),
        };

        var apps = EndpointTable.Build(services, members).ToDictionary(a => a.App);

        Assert.Multiple(() =>
        {
            Assert.That(apps.Keys, Is.EqualTo(new[] { "billing", "shop" }));
            Assert.That(Text(apps["shop"]), Is.EqualTo(new Dictionary<string, string>
            {
                ["database"] = "10.208.0.4",
                ["db"] = "10.208.0.4",
                ["pay"] = "10.208.0.8 10.208.0.9",
                ["web"] = "10.208.0.5",
            }));
            // billing's web is not shop's web: names resolve in the asking app.
            Assert.That(Text(apps["billing"]), Is.EqualTo(new Dictionary<string, string> { ["api"] = "10.208.0.8 10.208.0.9", ["web"] = "" }));
            Assert.That(apps["shop"].Members.Select(Ipv4Subnet.Format), Is.EqualTo(new[] { "10.208.0.3", "10.208.0.4", "10.208.0.5" }));
        });
    }

    [Test]
    public void For_ANode_GetsItsGatewayAndEveryOtherNodeAsPeer_ANodeWithoutAdvertiseAddressGetsNothing()
    {
        var n1 = TestIds.Node("n1");
        var n2 = TestIds.Node("n2");
        var n3 = TestIds.Node("n3");
        var snapshot = new NetworkSnapshot(
            "prod", Ipv4Subnet.Parse("10.208.0.0/16"), 4096,
            [new NetworkNode(n1, "10.213.0.11", A("10.208.0.1")), new NetworkNode(n2, "10.213.0.12", A("10.208.0.2")), new NetworkNode(n3, "", A("10.208.0.3"))],
            [new NetworkService("shop", "web", [], [])],
            [
                new NetworkMember("shop", "web", A("10.208.0.10"), Running: true, n1),
                new NetworkMember("shop", "web", A("10.208.0.11"), Running: false, n2),
                new NetworkMember("shop", "web", A("10.208.0.12"), Running: false, n3),
                new NetworkMember("shop", "web", A("10.208.0.13"), Running: false),
            ]);
        var apps = EndpointTable.Build(snapshot.Services, snapshot.Members);

        var message = NetworkMessage.For(snapshot, apps, n2)!;

        Assert.Multiple(() =>
        {
            Assert.That(message.Subnet, Is.EqualTo("10.208.0.0/16"));
            Assert.That(message.Vni, Is.EqualTo(4096));
            Assert.That(message.Gateway, Is.EqualTo("10.208.0.2"));
            Assert.That(message.Mtu, Is.EqualTo(1450));
            Assert.That(message.Peers, Is.EqualTo(new[] { "10.213.0.11" }));
            Assert.That(message.Apps.Single().Names.Single().Addresses, Is.EqualTo(new[] { "10.208.0.10" }));
            Assert.That(message.Locations.Select(l => $"{l.Address}@{l.Node}"), Is.EqualTo(new[] { "10.208.0.10@10.213.0.11", "10.208.0.11@10.213.0.12" }),
                "each placed replica at its node's advertise address, this node's included; none for a node off the overlay or a pending replica");
            Assert.That(NetworkMessage.For(snapshot, apps, n3), Is.Null);
        });
    }

    private static Dictionary<string, string> Text(AppNames app) =>
        app.Names.ToDictionary(n => n.Key, n => string.Join(' ', n.Value.Select(Ipv4Subnet.Format)));
}
