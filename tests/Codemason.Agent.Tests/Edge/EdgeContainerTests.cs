using Codemason.Agent.Edge;
using Codemason.Agent.Engine;
using Codemason.Proto.V1;

namespace Codemason.Agent.Tests.Edge;

public sealed class EdgeContainerTests
{
    [Test]
    public void Request_HostNetworkRestartedWithItsPortsAndTheRoutesVolume()
    {
        var deployment = new EdgeDeployment("dev", new EdgeServer
        {
            Image = "local/edge:latest", HttpPort = 18080, HttpsPort = 18443, MetricsPort = 19180, SpecHash = "h", RoutesVersion = "r",
            ExtraHttpPorts = { 8081 }, ExtraHttpsPorts = { 8443 },
        });

        var request = EdgeContainer.Request(deployment, new EngineNames("codemason"), new Dictionary<string, string> { ["codemason.managed"] = "true" });

        Assert.That(request.Name, Is.EqualTo("codemason_edge_dev"));
        Assert.That(request.NetworkMode, Is.EqualTo("host"));
        Assert.That(request.Cmd, Is.EqualTo(new[]
        {
            "--config-dir", "/config", "--http-port", "18080", "--https-port", "18443",
            "--extra-http-port", "8081", "--extra-https-port", "8443", "--metrics", "127.0.0.1:19180",
        }));
        Assert.That(request.Mounts!.Single().Target, Is.EqualTo("/config"));
        Assert.That(request.Labels![ManagedLabels.Edge], Is.EqualTo("dev"));
        Assert.That(request.Labels[ManagedLabels.SpecHash], Is.EqualTo("h"));
    }

    [Test]
    public void From_NoServer_IsNoEdge_AndABadServerIsRefused()
    {
        Assert.That(EdgeDeployment.From(new EnvironmentEdge { Environment = "dev" }), Is.Null);
        Assert.That(() => EdgeDeployment.From(new EnvironmentEdge { Environment = "dev", Server = new EdgeServer { HttpPort = 0 } }),
            Throws.ArgumentException.With.Message.Contains("no image").And.Message.Contains("port 0"));
    }
}
