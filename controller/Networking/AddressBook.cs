namespace Codemason.Controller.Networking;

/// <summary>
/// The addresses of one subnet while a transaction hands them out: the lowest free address first (never the
/// network or broadcast address). Taking is O(1) amortised: a cursor only moves up, as nothing is freed meanwhile.
/// </summary>
public sealed class AddressBook(Ipv4Subnet subnet, IEnumerable<uint> taken)
{
    private readonly HashSet<uint> _taken = [.. taken];
    private uint _cursor = subnet.Network + 1;

    /// <summary>The subnet.</summary>
    public Ipv4Subnet Subnet { get; } = subnet;

    /// <summary>The lowest free address, now taken; null when the subnet is full.</summary>
    public uint? Take()
    {
        var broadcast = Subnet.Network + (uint)(Subnet.Size - 1);
        while (_cursor < broadcast)
        {
            var address = _cursor++;
            if (_taken.Add(address))
            {
                return address;
            }
        }
        return null;
    }
}
