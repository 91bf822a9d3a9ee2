using System.Collections.Concurrent;
using Codemason.Proto.V1;
using Microsoft.Extensions.Logging;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Makes a node's overlay of an environment match the controller's <see cref="EnvironmentNetwork"/>: observe, plan,
/// perform. A malformed message is reported and changes nothing, so the node keeps the last good state. Calls for
/// one environment must not overlap (the caller's loop handles one key at a time).
/// </summary>
public sealed partial class OverlayConverger(OverlayObserver observer, OverlayExecutor executor, OverlayNames names, ILogger<OverlayConverger> logger)
{
    private readonly ConcurrentDictionary<string, OverlayNetwork> _applied = new(StringComparer.Ordinal);

    /// <summary>The last state applied for <paramref name="environment"/>, or null.</summary>
    public OverlayNetwork? Applied(string environment) => _applied.GetValueOrDefault(environment);

    /// <summary>Checks <paramref name="wire"/> (for the node advertising <paramref name="local"/>) and converges to it when valid.</summary>
    public async Task<OverlayOutcome> ConvergeAsync(EnvironmentNetwork wire, string local, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(wire);
        if (!OverlayNetworkMapper.TryMap(wire, local, out var desired, out var problems))
        {
            LogRejected(wire.Environment, string.Join("; ", problems));
            return new OverlayOutcome(false, [], problems);
        }
        return await ConvergeAsync(desired!, cancellationToken);
    }

    /// <summary>
    /// Converges the node to <paramref name="desired"/>. The device and rule of an earlier VXLAN id of the environment
    /// (the last one applied, or the one the network's label records after a restart) are removed first.
    /// </summary>
    /// <exception cref="CommandFailedException">A command failed; what ran before stays, the next call continues.</exception>
    /// <exception cref="Docker.Errors.DockerException">The engine refused.</exception>
    public async Task<OverlayOutcome> ConvergeAsync(OverlayNetwork desired, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(desired);
        var performed = new List<OverlayAction>();
        var observed = await observer.ObserveAsync(desired.Environment, desired.Vni, cancellationToken);
        int?[] earlier = [_applied.GetValueOrDefault(desired.Environment)?.Vni, observed.Network?.Vni];
        foreach (var vni in earlier.OfType<int>().Where(vni => vni != desired.Vni).Distinct())
        {
            var old = desired with { Vni = vni };
            var removal = OverlayPlanner.PlanRemoval(old.Environment, await observer.ObserveAsync(old.Environment, vni, cancellationToken), names);
            // The network is recreated by the plan below; only the old device and rule go here.
            await PerformAsync(old, removal.Actions.Where(a => a.Kind != OverlayActionKind.RemoveNetwork), performed, cancellationToken);
        }
        var plan = OverlayPlanner.Plan(desired, observed, names);
        foreach (var problem in plan.Problems)
        {
            LogProblem(desired.Environment, problem);
        }
        await PerformAsync(desired, plan.Actions, performed, cancellationToken);
        _applied[desired.Environment] = desired;
        return new OverlayOutcome(true, performed, plan.Problems);
    }

    /// <summary>Removes the VXLAN device, the rule and (when no container is attached) the network of <paramref name="network"/>.</summary>
    public async Task<OverlayOutcome> RemoveAsync(OverlayNetwork network, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(network);
        var plan = OverlayPlanner.PlanRemoval(network.Environment, await observer.ObserveAsync(network.Environment, network.Vni, cancellationToken), names);
        foreach (var problem in plan.Problems)
        {
            LogProblem(network.Environment, problem);
        }
        var performed = new List<OverlayAction>();
        await PerformAsync(network, plan.Actions, performed, cancellationToken);
        if (plan.Problems.Count == 0)
        {
            _applied.TryRemove(network.Environment, out _);
        }
        return new OverlayOutcome(true, performed, plan.Problems);
    }

    private async Task PerformAsync(OverlayNetwork network, IEnumerable<OverlayAction> actions, List<OverlayAction> performed, CancellationToken cancellationToken)
    {
        foreach (var action in actions)
        {
            LogAction(network.Environment, action);
            await executor.ExecuteAsync(network, action, cancellationToken);
            performed.Add(action);
        }
    }
}
