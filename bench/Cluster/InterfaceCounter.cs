using System.Text.Json;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Bytes received by one network device of a harness node (<c>ip -n NS -j -s link show DEV</c>): for the swarm overlay,
/// whose VXLAN device lives in a namespace of swarm's own, the proof that a transfer came in from another node.
/// </summary>
internal static class InterfaceCounter
{
    public static async Task<long> ReceivedBytesAsync(string networkNamespace, string device, CancellationToken cancellationToken)
    {
        var listing = await PeerCommand.CheckedAsync("ip", ["-n", networkNamespace, "-j", "-s", "link", "show", device],
            TimeSpan.FromSeconds(30), cancellationToken);
        using var json = JsonDocument.Parse(listing.Output);
        return json.RootElement.EnumerateArray()
            .Sum(link => link.GetProperty("stats64").GetProperty("rx").GetProperty("bytes").GetInt64());
    }
}
