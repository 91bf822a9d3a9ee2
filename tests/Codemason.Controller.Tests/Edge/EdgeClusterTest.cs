using Codemason.Controller.Tests.Infrastructure;
using Codemason.Docker.Containers;

namespace Codemason.Controller.Tests.Edge;

/// <summary>
/// Base of the tests of the edge with real processes: a controller whose edges serve on free loopback ports, one agent
/// on loopback (not on an overlay, so the edge reaches replicas at their container addresses), and the edge image.
/// </summary>
public abstract class EdgeClusterTest : ProcessClusterTest
{
    /// <summary>The edge's HTTP port on loopback, chosen per test.</summary>
    protected int Http { get; private set; }

    /// <summary>The edge's HTTPS port on loopback, chosen per test.</summary>
    protected int Https { get; private set; }

    /// <summary>Requires the edge image and chooses the edge's free ports, before a test starts its cluster.</summary>
    [SetUp]
    public Task PrepareTheEdge()
    {
        Http = ControllerProcess.FreePort();
        Https = ControllerProcess.FreePort();
        return EdgeImage.RequireAsync();
    }

    /// <summary>A controller with the edge on <see cref="Http"/> and <see cref="Https"/> (and <paramref name="controllerArguments"/>), and one agent, for <paramref name="app"/>.</summary>
    protected async Task<ProcessCluster> StartAsync(string app, CancellationToken cancellationToken, params string[] controllerArguments)
    {
        return Cluster = await ProcessCluster.StartAsync(1, new ClusterOptions(app)
        {
            HeartbeatPeriod = TimeSpan.FromSeconds(1),
            ControllerArguments =
            [
                $"--Edge:Image={EdgeImage.Name}", $"--Edge:HttpPort={Http}", $"--Edge:HttpsPort={Https}", $"--Edge:MetricsPort={ControllerProcess.FreePort()}",
                .. controllerArguments,
            ],
        }, cancellationToken);
    }

    /// <summary>The id of the running edge container.</summary>
    protected static async Task<string> EdgeContainerAsync(ProcessCluster cluster, CancellationToken cancellationToken)
    {
        var listed = await cluster.Engine.Client.Containers.ListAsync(
            new ContainerListOptions { Filters = cluster.Engine.Filter().Label("codemason.edge") }, cancellationToken);
        return listed.Single(c => c.State == "running").Id;
    }
}
