using System.Globalization;
using System.Net;

namespace Codemason.Agent.Overlay;

/// <summary>
/// Decides what brings a node's overlay of one environment from <see cref="ObservedOverlay"/> to
/// <see cref="OverlayNetwork"/>. Pure: the same inputs give the same plan, and a node that matches gets an empty one.
/// </summary>
public static class OverlayPlanner
{
    /// <summary>The steps that make the node match <paramref name="desired"/>.</summary>
    public static OverlayPlan Plan(OverlayNetwork desired, ObservedOverlay observed, OverlayNames names)
    {
        ArgumentNullException.ThrowIfNull(desired);
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(names);
        var actions = new List<OverlayAction>();
        var problems = new List<string>();
        var bridge = names.Bridge(desired.Vni);

        // The network: made when missing, recreated when it differs, unless containers would lose it.
        var networkMade = false;
        var bridgeUsable = true;
        if (observed.Network is not { } network)
        {
            networkMade = true;
        }
        else if (NetworkDifferences(desired, network, bridge) is { Count: > 0 } differences)
        {
            if (network.AttachedContainers == 0)
            {
                actions.Add(new OverlayAction(OverlayActionKind.RemoveNetwork));
                networkMade = true;
            }
            else
            {
                problems.Add($"network {names.Network(desired.Environment)} differs ({string.Join("; ", differences)}) " +
                    $"but {network.AttachedContainers} container(s) are attached: not recreated");
                bridgeUsable = network.BridgeName == bridge;
            }
        }

        // The VXLAN device: recreated when its id, source or port differ (they cannot be changed in place).
        var flood = observed.FloodDestinations;
        var vxlanMade = false;
        if (observed.Vxlan is { } existing && !VxlanMatches(desired, existing))
        {
            actions.Insert(0, new OverlayAction(OverlayActionKind.RemoveVxlan));
            vxlanMade = true;
            flood = new HashSet<IPAddress>();
        }
        else if (observed.Vxlan is null)
        {
            vxlanMade = true;
            flood = new HashSet<IPAddress>();
        }
        if (networkMade)
        {
            actions.Add(new OverlayAction(OverlayActionKind.CreateNetwork));
        }
        if (vxlanMade)
        {
            actions.Add(new OverlayAction(OverlayActionKind.CreateVxlan));
        }
        // A recreated network is a new bridge: the device must be enslaved again.
        var linkWrong = observed.Vxlan is { } device && (device.Master != bridge || device.Mtu != desired.Mtu || !device.Up);
        if (bridgeUsable && (vxlanMade || networkMade || linkWrong))
        {
            actions.Add(new OverlayAction(OverlayActionKind.SetVxlanLink));
        }

        actions.AddRange(desired.Peers.Where(peer => !flood.Contains(peer)).Select(peer => new OverlayAction(OverlayActionKind.AddFlood, peer)));
        actions.AddRange(flood.Where(peer => !desired.Peers.Contains(peer))
            .OrderBy(peer => peer.ToString(), StringComparer.Ordinal)
            .Select(peer => new OverlayAction(OverlayActionKind.RemoveFlood, peer)));
        actions.AddRange(ForwardActions(desired, vxlanMade ? ObservedOverlay.Nothing : observed));
        actions.AddRange(RuleActions(desired, observed.Rules, bridge));
        return new OverlayPlan(actions, problems);
    }

    /// <summary>The steps that remove the environment's overlay from the node; a network with containers stays, reported.</summary>
    public static OverlayPlan PlanRemoval(string environment, ObservedOverlay observed, OverlayNames names)
    {
        ArgumentNullException.ThrowIfNull(observed);
        ArgumentNullException.ThrowIfNull(names);
        var actions = new List<OverlayAction>();
        var problems = new List<string>();
        if (observed.Vxlan is not null)
        {
            actions.Add(new OverlayAction(OverlayActionKind.RemoveVxlan));
        }
        actions.AddRange(observed.Rules.Select(rule => new OverlayAction(OverlayActionKind.DeleteRule, Rule: rule)));
        if (observed.Network is { } network)
        {
            if (network.AttachedContainers == 0)
            {
                actions.Add(new OverlayAction(OverlayActionKind.RemoveNetwork));
            }
            else
            {
                problems.Add($"network {names.Network(environment)} still has {network.AttachedContainers} container(s) attached: not removed");
            }
        }
        return new OverlayPlan(actions, problems);
    }

    /// <summary>
    /// Points the MAC of every replica placed on another node at that node, drops entries of replicas gone or placed
    /// elsewhere, and makes the bridge forget replicas now placed here that it learned behind the VXLAN device.
    /// </summary>
    private static IEnumerable<OverlayAction> ForwardActions(OverlayNetwork desired, ObservedOverlay observed)
    {
        var wanted = desired.Locations
            .Where(location => desired.Peers.Contains(location.Value))
            .ToDictionary(location => OverlayMac.Of(location.Key), location => location.Value, StringComparer.Ordinal);
        foreach (var (mac, node) in wanted.OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            if (!observed.Forwards.TryGetValue(mac, out var held) || !held.Equals(node))
            {
                yield return new OverlayAction(OverlayActionKind.SetForward, node, Mac: mac);
            }
        }
        foreach (var (mac, held) in observed.Forwards.Where(pair => !wanted.ContainsKey(pair.Key)).OrderBy(pair => pair.Key, StringComparer.Ordinal))
        {
            yield return new OverlayAction(OverlayActionKind.RemoveForward, held, Mac: mac);
        }
        foreach (var mac in desired.Locations.Where(location => location.Value.Equals(desired.Local))
            .Select(location => OverlayMac.Of(location.Key))
            .Where(observed.LearnedBehindDevice.Contains)
            .Order(StringComparer.Ordinal))
        {
            yield return new OverlayAction(OverlayActionKind.ForgetLearned, Mac: mac);
        }
    }

    /// <summary>
    /// Deletes the rules held that are not wanted (or held twice), inserts the wanted ones missing, in
    /// <see cref="OverlayRules.For"/>'s order. A VXLAN drop inserted at the top would shadow the peers' accepts held
    /// below it, so those are inserted again after it.
    /// </summary>
    private static IEnumerable<OverlayAction> RuleActions(OverlayNetwork desired, IReadOnlyList<OverlayRule> held, string bridge)
    {
        var wanted = OverlayRules.For(desired, bridge);
        var wantedNames = wanted.Select(rule => rule.Comment).ToHashSet(StringComparer.Ordinal);
        var heldByName = new Dictionary<string, OverlayRule>(StringComparer.Ordinal);
        foreach (var rule in held)
        {
            if (wantedNames.Contains(rule.Comment) && heldByName.TryAdd(rule.Comment, rule))
            {
                continue;
            }
            yield return new OverlayAction(OverlayActionKind.DeleteRule, Rule: rule);
        }
        var dropInserted = wanted.Any(rule => OverlayRules.IsVxlanDrop(rule, bridge) && !heldByName.ContainsKey(rule.Comment));
        foreach (var rule in wanted)
        {
            if (heldByName.TryGetValue(rule.Comment, out var existing))
            {
                if (!dropInserted || !OverlayRules.IsVxlanAccept(rule, bridge))
                {
                    continue;
                }
                yield return new OverlayAction(OverlayActionKind.DeleteRule, Rule: existing);
            }
            yield return new OverlayAction(OverlayActionKind.InsertRule, Rule: rule);
        }
    }

    private static List<string> NetworkDifferences(OverlayNetwork desired, ObservedBridgeNetwork network, string bridge)
    {
        var differences = new List<string>();
        if (!IPNetwork.TryParse(network.Subnet, out var subnet) || subnet != desired.Subnet)
        {
            differences.Add($"subnet {network.Subnet ?? "none"}, wanted {desired.Subnet}");
        }
        if (!IPAddress.TryParse(network.Gateway, out var gateway) || !gateway.Equals(desired.Gateway))
        {
            differences.Add($"gateway {network.Gateway ?? "none"}, wanted {desired.Gateway}");
        }
        if (network.BridgeName != bridge)
        {
            differences.Add($"bridge {network.BridgeName ?? "unnamed"}, wanted {bridge}");
        }
        if (network.Mtu != desired.Mtu)
        {
            differences.Add($"mtu {network.Mtu?.ToString(CultureInfo.InvariantCulture) ?? "unset"}, wanted {desired.Mtu}");
        }
        return differences;
    }

    private static bool VxlanMatches(OverlayNetwork desired, ObservedVxlanDevice device) =>
        device.Vni == desired.Vni && desired.Local.Equals(device.Local) && device.Port == OverlayNetwork.VxlanPort;
}
