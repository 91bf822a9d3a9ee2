using Codemason.Agent.Engine;
using Codemason.Agent.Overlay;
using Codemason.Docker.Containers;
using Codemason.Docker.Exec;
using Codemason.Proto.V1;
using PortMapping = Codemason.Docker.Containers.PortMapping;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codemason.Cluster.Tests.Overlay;

/// <summary>
/// The overlay types aimed at one harness node: commands run in the node's namespace (<c>nsenter</c>), the Docker
/// network on the node's engine, everything labelled with the test run. Dispose removes the run's containers and
/// networks; the node's namespace (with its devices and rules) goes with the harness.
/// </summary>
internal sealed class OverlayNode : IAsyncDisposable
{
    private readonly Dictionary<string, OverlayNetwork> _converged = new(StringComparer.Ordinal);

    public OverlayNode(ClusterNode node, string runId)
    {
        Node = node;
        Engine = node.CreateTestEngine(runId);
        Runner = CommandRunner.InNetworkNamespace(node.Namespace);
        var scope = new NodeScope(node.Name, new Dictionary<string, string> { [TestEngine.TestLabel] = runId }, nodeId: node.Name);
        Names = new OverlayNames(runId);
        Observer = new OverlayObserver(Engine.Client, Runner, scope, Names);
        Converger = new OverlayConverger(Observer, new OverlayExecutor(Engine.Client, Runner, scope, Names), Names, NullLogger<OverlayConverger>.Instance);
    }

    public ClusterNode Node { get; }

    public TestEngine Engine { get; }

    public CommandRunner Runner { get; }

    public OverlayNames Names { get; }

    public OverlayObserver Observer { get; }

    public OverlayConverger Converger { get; }

    /// <summary>Converges this node to <paramref name="wire"/> (as the controller would send it) and fails on a rejected message or a problem.</summary>
    public async Task<OverlayOutcome> ConvergeAsync(EnvironmentNetwork wire, CancellationToken cancellationToken)
    {
        var outcome = await Converger.ConvergeAsync(wire, Node.Address.ToString(), cancellationToken);
        Assert.That(outcome.Problems, Is.Empty, $"{Node.Name}: converge {wire.Environment}");
        _converged[wire.Environment] = Converger.Applied(wire.Environment)!;
        return outcome;
    }

    /// <summary>What the node holds of <paramref name="wire"/>'s overlay, and the plan that would bring it to <paramref name="wire"/>.</summary>
    public async Task<(ObservedOverlay Observed, OverlayPlan Plan)> ObserveAsync(EnvironmentNetwork wire, CancellationToken cancellationToken)
    {
        Assert.That(OverlayNetworkMapper.TryMap(wire, Node.Address.ToString(), out var desired, out var problems), Is.True, string.Join("; ", problems));
        var observed = await Observer.ObserveAsync(wire.Environment, (int)wire.Vni, cancellationToken);
        return (observed, OverlayPlanner.Plan(desired!, observed, Names));
    }

    /// <summary>Starts a test-image container running <paramref name="script"/>, on <paramref name="network"/> at <paramref name="address"/>.</summary>
    public async Task<string> RunAsync(string network, string? address, string script, CancellationToken cancellationToken, IReadOnlyList<PortMapping>? ports = null)
    {
        var created = await Engine.Client.Containers.CreateAsync(new ContainerCreateRequest(TestEngine.Image)
        {
            Cmd = ["sh", "-c", script],
            Labels = new Dictionary<string, string> { [TestEngine.TestLabel] = Engine.RunId },
            Networks = new Dictionary<string, NetworkAttachment> { [network] = new() { IPv4Address = address } },
            Ports = ports,
        }, cancellationToken);
        await Engine.Client.Containers.StartAsync(created.Id, cancellationToken);
        return created.Id;
    }

    /// <summary>Runs <paramref name="command"/> in a container.</summary>
    public Task<ExecResult> ExecAsync(string container, string command, CancellationToken cancellationToken) =>
        Engine.Client.Containers.ExecAsync(container, new ExecRequest(["sh", "-c", command]), cancellationToken);

    /// <summary>Removes the run's containers, then every overlay converged here (the kernel allows one device per VNI in a namespace), then the rest of the run's objects.</summary>
    public async ValueTask DisposeAsync()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        foreach (var container in await Engine.Client.Containers.ListAsync(new() { All = true, Filters = Engine.Filter() }, timeout.Token))
        {
            await Engine.Client.Containers.RemoveAsync(container.Id, force: true, cancellationToken: timeout.Token);
        }
        foreach (var network in _converged.Values)
        {
            await Converger.RemoveAsync(network, timeout.Token);
        }
        await Engine.DisposeAsync();
    }
}
