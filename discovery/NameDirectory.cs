using System.Collections.Frozen;
using System.Net;

namespace Codemason.Discovery;

/// <summary>
/// Which <see cref="NameTable"/> each client is answered from: an environment's network is shared by its apps, and
/// the same name (<c>web</c>) means another service in each (docs/networking.md). A client's address says which app
/// it belongs to; an address of no app gets <see cref="Others"/>. Immutable; a server swaps the whole directory.
/// </summary>
public sealed class NameDirectory
{
    private readonly FrozenDictionary<IPAddress, NameTable> _byClient;

    /// <summary>One table for every client.</summary>
    public NameDirectory(NameTable everyone)
        : this(new Dictionary<IPAddress, NameTable>(), everyone)
    {
    }

    /// <summary>A table per client address, and <paramref name="others"/> for the rest.</summary>
    public NameDirectory(IReadOnlyDictionary<IPAddress, NameTable> byClient, NameTable others)
    {
        ArgumentNullException.ThrowIfNull(byClient);
        ArgumentNullException.ThrowIfNull(others);
        _byClient = byClient.ToFrozenDictionary(p => Normalize(p.Key), p => p.Value);
        Others = others;
    }

    /// <summary>No names for anyone: every query is forwarded.</summary>
    public static NameDirectory Empty { get; } = new(NameTable.Empty);

    /// <summary>The table of clients whose address belongs to no app.</summary>
    public NameTable Others { get; }

    /// <summary>How many client addresses have a table of their own.</summary>
    public int Clients => _byClient.Count;

    /// <summary>The table <paramref name="client"/> is answered from.</summary>
    public NameTable For(IPAddress client) => _byClient.GetValueOrDefault(Normalize(client), Others);

    private static IPAddress Normalize(IPAddress address) => address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address;
}
