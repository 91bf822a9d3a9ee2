using System.Text.Json;
using Codemason.Agent.Edge;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Edge;

public sealed class EdgeConfigFileTests
{
    [Test]
    public void Write_DestinationsUseTheOverlayAddressElseALocalOneElseAreLeftOut()
    {
        var route = new EdgeRoute { Id = "shop.example.com/:80", Host = "shop.example.com", Path = "/", Port = 80, TargetPort = 8080, Sticky = true };
        route.Destinations.Add(new EdgeDestination { Replica = "dev/shop/web#1", Address = "10.208.0.2", Node = "a" });
        route.Destinations.Add(new EdgeDestination { Replica = "dev/shop/web#2", Node = "me" });
        route.Destinations.Add(new EdgeDestination { Replica = "dev/shop/web#3", Node = "elsewhere" });
        var server = new EdgeServer { RoutesVersion = "v7", Routes = { route } };

        var json = JsonDocument.Parse(EdgeConfigFile.Write(server, new Dictionary<string, string> { ["dev/shop/web#2"] = "172.18.0.5" })).RootElement;

        Assert.That(json.GetProperty("version").GetString(), Is.EqualTo("v7"));
        var written = json.GetProperty("routes")[0];
        Assert.That(written.GetProperty("host").GetString(), Is.EqualTo("shop.example.com"));
        Assert.That(written.GetProperty("port").GetInt32(), Is.EqualTo(80));
        Assert.That(written.GetProperty("sticky").GetBoolean(), Is.True);
        Assert.That(written.GetProperty("destinations").EnumerateArray().Select(d => (d.GetProperty("id").GetString(), d.GetProperty("address").GetString())),
            Is.EqualTo(new[] { ("dev/shop/web#1", "http://10.208.0.2:8080"), ("dev/shop/web#2", "http://172.18.0.5:8080") }));
        Assert.That(json.GetProperty("certificates").GetArrayLength(), Is.Zero);
    }

    [Test]
    public void Write_Certificates_WrittenWithTheirHostsAndKeys()
    {
        var server = new EdgeServer { RoutesVersion = "v8" };
        server.Certificates.Add(new EdgeCertificate { Hosts = { "api.example.com", "shop.example.com" }, CertificatePem = "CERT", KeyPem = "KEY" });

        var json = JsonDocument.Parse(EdgeConfigFile.Write(server, new Dictionary<string, string>())).RootElement;

        var written = json.GetProperty("certificates").EnumerateArray().Single();
        Assert.That(written.GetProperty("hosts").EnumerateArray().Select(h => h.GetString()), Is.EqualTo(new[] { "api.example.com", "shop.example.com" }));
        Assert.That(written.GetProperty("certificatePem").GetString(), Is.EqualTo("CERT"));
        Assert.That(written.GetProperty("keyPem").GetString(), Is.EqualTo("KEY"));
    }

    [Test]
    public void Write_Challenges_WrittenAsTokenAndKeyAuthorization()
    {
        var server = new EdgeServer { RoutesVersion = "v9" };
        server.Challenges.Add(new EdgeChallenge { Token = "tok-1", KeyAuthorization = "tok-1.thumb" });

        var json = JsonDocument.Parse(EdgeConfigFile.Write(server, new Dictionary<string, string>())).RootElement;

        var written = json.GetProperty("challenges").EnumerateArray().Single();
        Assert.That(written.GetProperty("token").GetString(), Is.EqualTo("tok-1"));
        Assert.That(written.GetProperty("keyAuthorization").GetString(), Is.EqualTo("tok-1.thumb"));
    }
}
