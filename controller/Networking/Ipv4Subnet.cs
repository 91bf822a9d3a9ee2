using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Codemason.Controller.Networking;

/// <summary>An IPv4 subnet such as <c>10.208.0.0/16</c>: its first address and prefix length; addresses as 32-bit numbers.</summary>
public readonly record struct Ipv4Subnet
{
    private Ipv4Subnet(uint network, int prefixLength)
    {
        Network = network;
        PrefixLength = prefixLength;
    }

    /// <summary>The first address, host bits zero.</summary>
    public uint Network { get; }

    /// <summary>Bits of the network part (0–32).</summary>
    public int PrefixLength { get; }

    /// <summary>How many addresses it spans, network and broadcast included.</summary>
    public long Size => 1L << (32 - PrefixLength);

    /// <summary>Parses <c>a.b.c.d/n</c> with the host bits zero.</summary>
    public static bool TryParse(string? text, [NotNullWhen(true)] out Ipv4Subnet? subnet, [NotNullWhen(false)] out string? error)
    {
        subnet = null;
        var parts = (text ?? "").Split('/');
        if (parts.Length != 2 || !TryParseAddress(parts[0], out var network)
            || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var prefix) || prefix > 32)
        {
            error = $"'{text}' is not an IPv4 subnet such as 10.208.0.0/12";
            return false;
        }
        if ((network & ~Mask(prefix)) != 0)
        {
            error = $"'{text}' has host bits set; the subnet starts at {Format(network & Mask(prefix))}/{prefix}";
            return false;
        }
        subnet = new Ipv4Subnet(network, prefix);
        error = null;
        return true;
    }

    /// <summary>Parses a subnet known to be valid (stored, or a default).</summary>
    /// <exception cref="FormatException">It is not.</exception>
    public static Ipv4Subnet Parse(string text) =>
        TryParse(text, out var subnet, out var error) ? subnet.Value : throw new FormatException(error);

    /// <summary>The <paramref name="index"/>-th subnet of length <paramref name="prefixLength"/> inside this one.</summary>
    public Ipv4Subnet Child(int prefixLength, long index) =>
        new(Network + (uint)(index << (32 - prefixLength)), prefixLength);

    /// <summary>Whether <paramref name="address"/> lies inside.</summary>
    public bool Contains(uint address) => (address & Mask(PrefixLength)) == Network;

    /// <summary>Whether the two share any address.</summary>
    public bool Overlaps(Ipv4Subnet other) => Contains(other.Network) || other.Contains(Network);

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Format(Network)}/{PrefixLength}");

    /// <summary>Dotted-quad text of an address.</summary>
    public static string Format(uint address)
    {
        Span<byte> bytes = stackalloc byte[4];
        BinaryPrimitives.WriteUInt32BigEndian(bytes, address);
        return new IPAddress(bytes).ToString();
    }

    /// <summary>Parses a dotted-quad IPv4 address (four parts; "10.1" is refused).</summary>
    public static bool TryParseAddress(string? text, out uint address)
    {
        address = 0;
        if (text is null || text.Count(c => c == '.') != 3 || !IPAddress.TryParse(text, out var parsed) || parsed.AddressFamily != AddressFamily.InterNetwork)
        {
            return false;
        }
        Span<byte> bytes = stackalloc byte[4];
        parsed.TryWriteBytes(bytes, out _);
        address = BinaryPrimitives.ReadUInt32BigEndian(bytes);
        return true;
    }

    private static uint Mask(int prefixLength) => prefixLength == 0 ? 0 : uint.MaxValue << (32 - prefixLength);
}
