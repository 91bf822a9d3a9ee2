using System.Security.Cryptography;
using System.Text;
using Codemason.Identity;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Testing;

/// <summary>Real identities with readable names, for tests and golden files that name nodes "n1" and hashes "h1".</summary>
public static class TestIds
{
    /// <summary>
    /// The node id of a short name (at most 8 ASCII characters): its bytes in hex, right-padded with zeros. Ids sort
    /// as their names do, so tie-breaks by node id keep the order the names suggest; <see cref="NodeName"/> reads it back.
    /// </summary>
    public static NodeId Node(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return NodeId.Parse(Convert.ToHexStringLower(Encoding.ASCII.GetBytes(name)).PadRight(NodeId.Length, '0'));
    }

    /// <summary>The name <see cref="Node"/> made an id of.</summary>
    public static string NodeName(NodeId id) => Encoding.ASCII.GetString(Convert.FromHexString(id.Value)).TrimEnd('\0');

    /// <summary>A spec hash standing for <paramref name="name"/> (the SHA-256 of the name): equal names, equal hashes.</summary>
    public static SpecHash Hash(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        return SpecHash.Parse(SpecHash.Prefix + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name))));
    }

    /// <summary>
    /// The spec hash agents before docs/identities.md derived for hand-written assignments (and labelled containers
    /// with): the first 16 hex digits of the SHA-256 of the spec with its labels sorted. Kept here to test upgrades.
    /// </summary>
    public static string OlderAgentSpecHash(ContainerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var canonical = spec.Clone();
        canonical.Labels.Clear();
        foreach (var (key, value) in spec.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            canonical.Labels.Add(key, value);
        }
        return Convert.ToHexStringLower(SHA256.HashData(canonical.ToByteArray()))[..16];
    }
}
