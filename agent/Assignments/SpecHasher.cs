using System.Security.Cryptography;
using Codemason.Proto.V1;
using Google.Protobuf;

namespace Codemason.Agent.Assignments;

/// <summary>
/// A content hash of a container spec, for assignments that come without one (hand-written
/// assignment files). The controller sends Mortar's hash instead.
/// </summary>
public static class SpecHasher
{
    public static string Compute(ContainerSpec spec)
    {
        // Map fields serialise in insertion order; sort them so equal specs hash equally.
        var canonical = spec.Clone();
        canonical.Labels.Clear();
        foreach (var (key, value) in spec.Labels.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            canonical.Labels.Add(key, value);
        }
        return Convert.ToHexStringLower(SHA256.HashData(canonical.ToByteArray()))[..16];
    }
}
