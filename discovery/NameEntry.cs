using System.Net;

namespace Codemason.Discovery;

/// <summary>One name of a <see cref="NameTable"/>: its addresses, packed for the writer, and its round-robin position.</summary>
internal sealed class NameEntry
{
    private int _next = -1;

    public NameEntry(List<IPAddress> addresses)
    {
        Addresses = addresses.AsReadOnly();
        Packed = new byte[addresses.Count * 4];
        for (var i = 0; i < addresses.Count; i++)
        {
            addresses[i].TryWriteBytes(Packed.AsSpan(i * 4, 4), out _);
        }
    }

    public IReadOnlyList<IPAddress> Addresses { get; }

    /// <summary>The addresses, 4 bytes each, in network order.</summary>
    public byte[] Packed { get; }

    /// <summary>Where the next answer starts: each query starts one address further.</summary>
    public int NextFirst() => Addresses.Count == 0 ? 0 : (int)((uint)Interlocked.Increment(ref _next) % (uint)Addresses.Count);
}
