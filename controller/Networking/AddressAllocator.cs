namespace Codemason.Controller.Networking;

/// <summary>Chooses a free subnet for an environment: the lowest one, so allocations are dense and predictable. Pure.</summary>
public static class AddressAllocator
{
    /// <summary>The first subnet of <paramref name="prefixLength"/> bits in <paramref name="pool"/> that overlaps none of <paramref name="taken"/>; null when the pool is full.</summary>
    public static Ipv4Subnet? NextSubnet(Ipv4Subnet pool, int prefixLength, IReadOnlyCollection<Ipv4Subnet> taken)
    {
        var count = 1L << (prefixLength - pool.PrefixLength);
        for (long index = 0; index < count; index++)
        {
            var candidate = pool.Child(prefixLength, index);
            if (!taken.Any(candidate.Overlaps))
            {
                return candidate;
            }
        }
        return null;
    }
}
