using System.Globalization;
using System.Net;
using System.Text.Json;
using Codemason.Agent.Engine;
using Codemason.Docker;

namespace Codemason.Agent.Overlay;

/// <summary>Reads what a node holds of one environment's overlay: the Docker network, the VXLAN device, its flood entries and the rule.</summary>
public sealed class OverlayObserver(IDockerClient docker, CommandRunner runner, NodeScope scope, OverlayNames names)
{
    /// <summary>The overlay of <paramref name="environment"/> whose VXLAN id is <paramref name="vni"/>, as the node holds it.</summary>
    public async Task<ObservedOverlay> ObserveAsync(string environment, int vni, CancellationToken cancellationToken)
    {
        var network = await NetworkAsync(environment, cancellationToken);
        var vxlanName = names.Vxlan(vni);
        var vxlan = await VxlanAsync(vxlanName, cancellationToken);
        var flood = vxlan is null ? new HashSet<IPAddress>() : await FloodAsync(vxlanName, cancellationToken);
        var rule = await runner.RunAsync(OverlayRule.Command("-C", names.Bridge(vni)), cancellationToken);
        return new ObservedOverlay(network, vxlan, flood, rule.ExitCode == 0);
    }

    private async Task<ObservedBridgeNetwork?> NetworkAsync(string environment, CancellationToken cancellationToken)
    {
        var name = names.Network(environment);
        var listed = (await docker.Networks.ListAsync(scope.Filter().Add("name", name), cancellationToken))
            .Where(n => n.Name == name)
            .OrderBy(n => n.Created)
            .FirstOrDefault();
        if (listed is null)
        {
            return null;
        }
        var details = await docker.Networks.InspectAsync(listed.Id, cancellationToken);
        var pool = details.IPAM?.Config is { Count: > 0 } pools ? pools[0] : null;
        var options = details.Options ?? new Dictionary<string, string>();
        int? mtu = int.TryParse(options.GetValueOrDefault(OverlayNames.MtuOption), NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        int? vni = int.TryParse(details.Labels?.GetValueOrDefault(OverlayNames.VniLabel), NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : null;
        return new ObservedBridgeNetwork(details.Id, pool?.Subnet, pool?.Gateway, options.GetValueOrDefault(OverlayNames.BridgeNameOption), mtu,
            details.Containers?.Count ?? 0, vni);
    }

    private async Task<ObservedVxlanDevice?> VxlanAsync(string name, CancellationToken cancellationToken)
    {
        var result = await runner.RunAsync(["ip", "-j", "-d", "link", "show", "dev", name], cancellationToken);
        if (result.ExitCode != 0)
        {
            return result.Error.Contains("does not exist", StringComparison.Ordinal)
                ? null
                : throw new CommandFailedException([.. runner.Prefix, "ip", "-j", "-d", "link", "show", "dev", name], result.ExitCode, result.Error);
        }
        return ParseLink(result.Output);
    }

    /// <summary>A device from <c>ip -j -d link show dev NAME</c>'s output.</summary>
    internal static ObservedVxlanDevice? ParseLink(string json)
    {
        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind != JsonValueKind.Array || document.RootElement.GetArrayLength() == 0)
        {
            return null;
        }
        var link = document.RootElement[0];
        var up = link.TryGetProperty("flags", out var flags) && flags.EnumerateArray().Any(flag => flag.GetString() == "UP");
        var master = link.TryGetProperty("master", out var m) ? m.GetString() : null;
        var mtu = link.TryGetProperty("mtu", out var mtuValue) ? mtuValue.GetInt32() : 0;
        int? vni = null;
        int? port = null;
        IPAddress? local = null;
        if (link.TryGetProperty("linkinfo", out var info)
            && info.TryGetProperty("info_kind", out var kind) && kind.GetString() == "vxlan"
            && info.TryGetProperty("info_data", out var data))
        {
            vni = data.TryGetProperty("id", out var id) ? id.GetInt32() : null;
            port = data.TryGetProperty("port", out var p) ? p.GetInt32() : null;
            local = data.TryGetProperty("local", out var l) && IPAddress.TryParse(l.GetString(), out var address) ? address : null;
        }
        return new ObservedVxlanDevice(vni, local, port, master, mtu, up);
    }

    private async Task<HashSet<IPAddress>> FloodAsync(string device, CancellationToken cancellationToken) =>
        ParseFlood(await runner.RunCheckedAsync(["bridge", "-j", "fdb", "show", "dev", device], cancellationToken));

    /// <summary>The destinations of the all-zeros entries in <c>bridge -j fdb show dev NAME</c>'s output.</summary>
    internal static HashSet<IPAddress> ParseFlood(string json)
    {
        var destinations = new HashSet<IPAddress>();
        if (string.IsNullOrWhiteSpace(json))
        {
            return destinations;
        }
        using var document = JsonDocument.Parse(json);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (entry.TryGetProperty("mac", out var mac) && mac.GetString() == "00:00:00:00:00:00"
                && entry.TryGetProperty("dst", out var dst) && IPAddress.TryParse(dst.GetString(), out var address))
            {
                destinations.Add(address);
            }
        }
        return destinations;
    }
}
