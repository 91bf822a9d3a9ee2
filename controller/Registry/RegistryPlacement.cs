using System.Net;
using System.Net.Sockets;
using Codemason.Controller.Builds;

namespace Codemason.Controller.Registry;

/// <summary>Which node runs an environment's registry, at which address, and whether its certificate must be issued.</summary>
/// <param name="Node">The node.</param>
/// <param name="Address"><c>host:port</c> of the registry.</param>
/// <param name="IssueCertificate">True when the stored certificate does not fit (new node or address, or half its life gone).</param>
public sealed record RegistryPlacement(NodeId Node, string Address, bool IssueCertificate)
{
    /// <summary>The label that marks nodes to run registries on.</summary>
    public const string RegistryLabel = "registry";

    /// <summary>
    /// Decides (pure). The registry stays on its node while that node belongs to the environment, Down or not, because
    /// its images live in a volume there; it moves only when the node is removed. A new place is, among nodes with an
    /// address: labelled <c>registry=true</c>, then <c>build=true</c> (the images are built there), Ready, schedulable,
    /// reachable from other servers (not loopback), then by id. Null when no node has an address.
    /// </summary>
    public static RegistryPlacement? Decide(RegistryHost? current, IReadOnlyList<RegistryCandidate> nodes, int port, DateTimeOffset now, TimeSpan certificateLifetime)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        if (current is not null && nodes.FirstOrDefault(n => n.Node == current.Node) is { } stay)
        {
            var address = AddressOf(stay.AdvertiseAddress, port) ?? current.Address;
            var stale = now - current.IssuedAt > certificateLifetime / 2;
            return new RegistryPlacement(stay.Node, address, stale || address != current.Address);
        }
        var chosen = nodes
            .Where(n => AddressOf(n.AdvertiseAddress, port) is not null)
            .OrderByDescending(n => Labelled(n, RegistryLabel))
            .ThenByDescending(n => Labelled(n, BuildNodeChooser.BuildLabel))
            .ThenByDescending(n => n.Ready)
            .ThenByDescending(n => n.Schedulable)
            .ThenByDescending(n => !IPAddress.IsLoopback(IPAddress.Parse(n.AdvertiseAddress)))
            .ThenBy(n => n.Node.Value, StringComparer.Ordinal)
            .FirstOrDefault();
        return chosen is null ? null : new RegistryPlacement(chosen.Node, AddressOf(chosen.AdvertiseAddress, port)!, true);
    }

    /// <summary><c>host:port</c> for an advertised IP address (IPv6 in brackets); null when it is not one.</summary>
    public static string? AddressOf(string advertiseAddress, int port) =>
        IPAddress.TryParse(advertiseAddress, out var ip) && !ip.Equals(IPAddress.Any) && !ip.Equals(IPAddress.IPv6Any)
            ? ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]:{port}" : $"{ip}:{port}"
            : null;

    private static bool Labelled(RegistryCandidate node, string label) =>
        node.Labels.TryGetValue(label, out var value) && string.Equals(value, "true", StringComparison.OrdinalIgnoreCase);
}
