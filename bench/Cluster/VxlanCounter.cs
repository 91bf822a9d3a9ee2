using System.Text.Json;
using Codemason.Bench.Peers;

namespace Codemason.Bench.Cluster;

/// <summary>
/// Bytes received by the VXLAN devices of a harness node (<c>ip -n NS -j -s link show type vxlan</c>): the proof that
/// a path crossed the overlay, not some other route between the namespaces.
/// </summary>
internal static class VxlanCounter
{
    public static async Task<long> ReceivedBytesAsync(string networkNamespace, CancellationToken cancellationToken)
    {
        var listing = await PeerCommand.CheckedAsync("ip", ["-n", networkNamespace, "-j", "-s", "link", "show", "type", "vxlan"],
            TimeSpan.FromSeconds(30), cancellationToken);
        using var json = JsonDocument.Parse(listing.Output);
        return json.RootElement.EnumerateArray()
            .Sum(link => link.GetProperty("stats64").GetProperty("rx").GetProperty("bytes").GetInt64());
    }
}
