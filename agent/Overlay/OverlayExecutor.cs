using System.Globalization;
using Codemason.Agent.Engine;
using Codemason.Docker;
using Codemason.Docker.Errors;
using Codemason.Docker.Networks;

namespace Codemason.Agent.Overlay;

/// <summary>Performs the steps of an <see cref="OverlayPlan"/>: the Docker network through the engine, the rest with iproute2 and iptables.</summary>
public sealed class OverlayExecutor(IDockerClient docker, CommandRunner runner, NodeScope scope, OverlayNames names)
{
    private const string FloodMac = "00:00:00:00:00:00";

    /// <summary>Performs <paramref name="action"/> for <paramref name="network"/>.</summary>
    /// <exception cref="CommandFailedException">A command failed.</exception>
    /// <exception cref="DockerException">The engine refused.</exception>
    public async Task ExecuteAsync(OverlayNetwork network, OverlayAction action, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        ArgumentNullException.ThrowIfNull(action);
        var bridge = names.Bridge(network.Vni);
        var vxlan = names.Vxlan(network.Vni);
        var mtu = network.Mtu.ToString(CultureInfo.InvariantCulture);
        switch (action.Kind)
        {
            case OverlayActionKind.CreateNetwork:
                await CreateNetworkAsync(network, bridge, mtu, cancellationToken);
                break;
            case OverlayActionKind.RemoveNetwork:
                await RemoveNetworkAsync(network.Environment, cancellationToken);
                break;
            case OverlayActionKind.CreateVxlan:
                await runner.RunCheckedAsync(["ip", "link", "add", vxlan, "type", "vxlan", "id", network.Vni.ToString(CultureInfo.InvariantCulture),
                    "local", network.Local.ToString(), "dstport", OverlayNetwork.VxlanPort.ToString(CultureInfo.InvariantCulture)], cancellationToken);
                break;
            case OverlayActionKind.RemoveVxlan:
                await runner.RunCheckedAsync(["ip", "link", "del", vxlan], cancellationToken);
                break;
            case OverlayActionKind.SetVxlanLink:
                await runner.RunCheckedAsync(["ip", "link", "set", vxlan, "master", bridge, "mtu", mtu, "up"], cancellationToken);
                break;
            case OverlayActionKind.AddFlood:
                await runner.RunCheckedAsync(["bridge", "fdb", "append", FloodMac, "dev", vxlan, "dst", Peer(action)], cancellationToken);
                break;
            case OverlayActionKind.RemoveFlood:
                await runner.RunCheckedAsync(["bridge", "fdb", "del", FloodMac, "dev", vxlan, "dst", Peer(action)], cancellationToken);
                break;
            case OverlayActionKind.SetForward:
                await runner.RunCheckedAsync(["bridge", "fdb", "replace", Mac(action), "dev", vxlan, "dst", Peer(action), "self", "permanent"], cancellationToken);
                break;
            case OverlayActionKind.RemoveForward:
                await runner.RunCheckedAsync(["bridge", "fdb", "del", Mac(action), "dev", vxlan, "dst", Peer(action), "self"], cancellationToken);
                break;
            case OverlayActionKind.ForgetLearned:
                // A learned entry may age out between the observation and now: gone is what was wanted.
                var forgotten = await runner.RunAsync(["bridge", "fdb", "del", Mac(action), "dev", vxlan, "master"], cancellationToken);
                if (forgotten.ExitCode != 0 && !forgotten.Error.Contains("No such file", StringComparison.Ordinal))
                {
                    throw new CommandFailedException([.. runner.Prefix, "bridge", "fdb", "del", Mac(action), "dev", vxlan, "master"], forgotten.ExitCode, forgotten.Error);
                }
                break;
            case OverlayActionKind.InsertRule:
                await runner.RunCheckedAsync(Rule(action).Command("-I"), cancellationToken);
                break;
            case OverlayActionKind.DeleteRule:
                await runner.RunCheckedAsync(Rule(action).Command("-D"), cancellationToken);
                break;
            default:
                throw new InvalidOperationException($"unknown overlay action {action.Kind}");
        }
    }

    private static string Peer(OverlayAction action) =>
        action.Peer?.ToString() ?? throw new InvalidOperationException($"{action.Kind} needs a peer");

    private static string Mac(OverlayAction action) =>
        action.Mac ?? throw new InvalidOperationException($"{action.Kind} needs a MAC");

    private static OverlayRule Rule(OverlayAction action) =>
        action.Rule ?? throw new InvalidOperationException($"{action.Kind} needs a rule");

    private async Task CreateNetworkAsync(OverlayNetwork network, string bridge, string mtu, CancellationToken cancellationToken)
    {
        // Another agent on this engine (of another cluster, with the same resource prefix) may hold this VNI's bridge or
        // this network name: the engine would put both environments on one Linux bridge. Refused, never shared.
        var vni = network.Vni.ToString(CultureInfo.InvariantCulture);
        var name = names.Network(network.Environment);
        var taken = (await docker.Networks.ListAsync(scope.Filter().Label(OverlayNames.VniLabel, vni), cancellationToken))
            .Where(n => n.Options?.GetValueOrDefault(OverlayNames.BridgeNameOption) == bridge)
            .Concat((await docker.Networks.ListAsync(scope.Filter().Add("name", name), cancellationToken)).Where(n => n.Name == name))
            .FirstOrDefault(n => scope.OtherOwner(n.Labels) is not null);
        if (taken is not null)
        {
            throw new ActionFailedException($"network {taken.Name} (bridge {bridge}) belongs to another agent on this engine " +
                $"(node {scope.OtherOwner(taken.Labels)}); agents of different clusters sharing an engine must use different --resource-prefix values");
        }
        var labels = scope.BaseLabels();
        labels[ManagedLabels.Environment] = network.Environment;
        labels[OverlayNames.VniLabel] = vni;
        await docker.Networks.CreateAsync(new NetworkCreateRequest(name)
        {
            Labels = labels,
            Subnet = network.Subnet.ToString(),
            Gateway = network.Gateway.ToString(),
            Options = new Dictionary<string, string>
            {
                [OverlayNames.BridgeNameOption] = bridge,
                [OverlayNames.MtuOption] = mtu,
            },
        }, cancellationToken);
    }

    private async Task RemoveNetworkAsync(string environment, CancellationToken cancellationToken)
    {
        var name = names.Network(environment);
        foreach (var network in (await docker.Networks.ListAsync(scope.Filter().Add("name", name), cancellationToken)).Where(n => n.Name == name && scope.Owns(n.Labels)))
        {
            try
            {
                await docker.Networks.RemoveAsync(network.Id, cancellationToken);
            }
            catch (DockerNotFoundException)
            {
                // Gone already.
            }
        }
    }
}
