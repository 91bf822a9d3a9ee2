using System.Collections.Frozen;
using System.Net;
using System.Net.Sockets;

namespace Codemason.Discovery;

/// <summary>
/// An immutable snapshot of the names a <see cref="ServiceDnsServer"/> answers: each name (a service or a link
/// alias) maps to the IPv4 addresses of its running replicas, possibly none. Names match case-insensitively, with or
/// without a trailing dot. A server swaps the whole table at once (<see cref="ServiceDnsServer.Replace(NameTable)"/>), so a query
/// sees one snapshot or the next, never half of each.
/// </summary>
public sealed class NameTable
{
    private readonly FrozenDictionary<string, NameEntry> _entries;

    /// <summary>A table without names: every query is forwarded.</summary>
    public static NameTable Empty { get; } = new([]);

    /// <summary>
    /// Builds a table. Names are compared case-insensitively, a trailing dot is ignored; when two entries name the
    /// same name, their addresses are merged (duplicates dropped, first seen first). Only IPv4 addresses are allowed.
    /// </summary>
    /// <exception cref="ArgumentException">A name is not a valid DNS name, or an address is not IPv4; lists all of them.</exception>
    public NameTable(IEnumerable<KeyValuePair<string, IReadOnlyList<IPAddress>>> names)
    {
        ArgumentNullException.ThrowIfNull(names);
        var merged = new Dictionary<string, List<IPAddress>>(StringComparer.OrdinalIgnoreCase);
        var errors = new List<string>();
        foreach (var (rawName, addresses) in names)
        {
            var name = Normalize(rawName);
            if (NameError(name) is { } nameError)
            {
                errors.Add($"'{rawName}': {nameError}");
                continue;
            }
            if (!merged.TryGetValue(name, out var list))
            {
                merged[name] = list = [];
            }
            foreach (var address in addresses ?? [])
            {
                if (address.AddressFamily != AddressFamily.InterNetwork)
                {
                    errors.Add($"'{rawName}': {address} is not an IPv4 address");
                }
                else if (!list.Contains(address))
                {
                    list.Add(address);
                }
            }
        }
        if (errors.Count > 0)
        {
            throw new ArgumentException("invalid name table: " + string.Join("; ", errors), nameof(names));
        }
        _entries = merged.ToFrozenDictionary(p => p.Key, p => new NameEntry(p.Value), StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>How many names the table holds.</summary>
    public int Count => _entries.Count;

    /// <summary>The names, normalized (no trailing dot), in no particular order.</summary>
    public IEnumerable<string> Names => _entries.Keys;

    /// <summary>
    /// The addresses of <paramref name="name"/> (case-insensitive, trailing dot optional); false when the table does
    /// not hold the name. An empty list means the name is known but has no running replica.
    /// </summary>
    public bool TryGetAddresses(string name, out IReadOnlyList<IPAddress> addresses)
    {
        if (TryGetEntry(name, out var entry))
        {
            addresses = entry.Addresses;
            return true;
        }
        addresses = [];
        return false;
    }

    internal bool TryGetEntry(string name, out NameEntry entry) =>
        _entries.TryGetValue(Normalize(name), out entry!);

    internal static string Normalize(string name) =>
        name.EndsWith('.') ? name[..^1] : name;

    private static string? NameError(string name)
    {
        if (name.Length is 0 or > 253)
        {
            return "a name has 1 to 253 characters";
        }
        foreach (var label in name.Split('.'))
        {
            if (label.Length is 0 or > 63)
            {
                return "each label has 1 to 63 characters";
            }
            foreach (var c in label)
            {
                if (c is < (char)0x21 or > (char)0x7E or '\\')
                {
                    return "names are printable ASCII without backslashes";
                }
            }
        }
        return null;
    }
}
