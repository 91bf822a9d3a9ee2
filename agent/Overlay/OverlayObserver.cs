using System.Globalization;
using System.Net;
using System.Text.Json;
using Codemason.Agent.Engine;
using Codemason.Docker;

namespace Codemason.Agent.Overlay;

/// <summary>Reads what a node holds of one environment's overlay: the Docker network, the VXLAN device, its flood entries and the rules.</summary>
public sealed class OverlayObserver(IDockerClient docker, CommandRunner runner, NodeScope scope, OverlayNames names)
{
    /// <summary>The overlay of <paramref name="environment"/> whose VXLAN id is <paramref name="vni"/>, as the node holds it.</summary>
    public async Task<ObservedOverlay> ObserveAsync(string environment, int vni, CancellationToken cancellationToken)
    {
        var network = await NetworkAsync(environment, cancellationToken);
        var vxlanName = names.Vxlan(vni);
        var vxlan = await VxlanAsync(vxlanName, cancellationToken);
        var forwarding = vxlan is null ? ObservedForwarding.None
            : ParseFdb(await runner.RunCheckedAsync(["bridge", "-j", "fdb", "show", "dev", vxlanName], cancellationToken));
        return new ObservedOverlay(network, vxlan, forwarding.Flood, await RulesAsync(names.Bridge(vni), cancellationToken))
        {
            Forwards = forwarding.Forwards,
            LearnedBehindDevice = forwarding.Learned,
        };
    }

    /// <summary>The rules of <paramref name="bridge"/> in both chains; a chain that does not exist holds none.</summary>
    private async Task<IReadOnlyList<OverlayRule>> RulesAsync(string bridge, CancellationToken cancellationToken)
    {
        var rules = new List<OverlayRule>();
        foreach (var chain in (string[])[OverlayRule.InputChain, OverlayRule.DockerUserChain])
        {
            var listing = await runner.RunAsync(["iptables", "-w", "-S", chain], cancellationToken);
            if (listing.ExitCode == 0)
            {
                rules.AddRange(ParseRules(listing.Output, chain, bridge));
            }
            else if (!listing.Error.Contains("No chain", StringComparison.OrdinalIgnoreCase))
            {
                throw new CommandFailedException([.. runner.Prefix, "iptables", "-w", "-S", chain], listing.ExitCode, listing.Error);
            }
        }
        return rules;
    }

    /// <summary>
    /// The rules named for <paramref name="bridge"/> in <c>iptables -S CHAIN</c>'s output, each with its arguments as
    /// printed (<c>-A CHAIN</c> left off), which <c>iptables -D CHAIN</c> takes back.
    /// </summary>
    internal static IReadOnlyList<OverlayRule> ParseRules(string listing, string chain, string bridge)
    {
        var rules = new List<OverlayRule>();
        foreach (var line in listing.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var words = SplitWords(line);
            if (words.Count < 2 || words[0] != "-A" || words[1] != chain)
            {
                continue;
            }
            var comment = words.IndexOf("--comment");
            if (comment >= 0 && comment + 1 < words.Count && words[comment + 1].StartsWith(bridge + " ", StringComparison.Ordinal))
            {
                rules.Add(new OverlayRule(chain, words[comment + 1], words[2..]));
            }
        }
        return rules;
    }

    /// <summary>Splits an <c>iptables -S</c> line into words; double quotes group (a comment with spaces), <c>\"</c> is a quote.</summary>
    private static List<string> SplitWords(string line)
    {
        var words = new List<string>();
        var word = new System.Text.StringBuilder();
        var quoted = false;
        var started = false;
        for (var i = 0; i < line.Length; i++)
        {
            var c = line[i];
            if (c == '\\' && i + 1 < line.Length && line[i + 1] == '"')
            {
                word.Append('"');
                i++;
            }
            else if (c == '"')
            {
                quoted = !quoted;
                started = true;
            }
            else if (c == ' ' && !quoted)
            {
                if (started)
                {
                    words.Add(word.ToString());
                    word.Clear();
                    started = false;
                }
            }
            else
            {
                word.Append(c);
                started = true;
            }
        }
        if (started)
        {
            words.Add(word.ToString());
        }
        return words;
    }

    private async Task<ObservedBridgeNetwork?> NetworkAsync(string environment, CancellationToken cancellationToken)
    {
        var name = names.Network(environment);
        var listed = (await docker.Networks.ListAsync(scope.Filter().Add("name", name), cancellationToken))
            .Where(n => n.Name == name && scope.Owns(n.Labels))
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

    /// <summary>
    /// What <c>bridge -j fdb show dev NAME</c> lists: the all-zeros flood entries' destinations, the static entries
    /// pointing a MAC at a node (<c>self</c>, permanent), and the MACs the bridge learned behind the device (<c>master</c>,
    /// not permanent: the device's own address is).
    /// </summary>
    internal static ObservedForwarding ParseFdb(string json)
    {
        var flood = new HashSet<IPAddress>();
        var forwards = new Dictionary<string, IPAddress>(StringComparer.Ordinal);
        var learned = new HashSet<string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(json))
        {
            return new ObservedForwarding(flood, forwards, learned);
        }
        using var document = JsonDocument.Parse(json);
        foreach (var entry in document.RootElement.EnumerateArray())
        {
            if (!entry.TryGetProperty("mac", out var macValue) || macValue.GetString() is not { } mac)
            {
                continue;
            }
            var permanent = entry.TryGetProperty("state", out var state) && state.GetString() == "permanent";
            if (entry.TryGetProperty("master", out _))
            {
                if (!permanent)
                {
                    learned.Add(mac);
                }
                continue;
            }
            if (!entry.TryGetProperty("dst", out var dst) || !IPAddress.TryParse(dst.GetString(), out var destination))
            {
                continue;
            }
            if (mac == "00:00:00:00:00:00")
            {
                flood.Add(destination);
            }
            else if (permanent)
            {
                forwards[mac] = destination;
            }
        }
        return new ObservedForwarding(flood, forwards, learned);
    }
}
