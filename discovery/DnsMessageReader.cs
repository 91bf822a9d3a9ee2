using System.Buffers.Binary;

namespace Codemason.Discovery;

/// <summary>
/// Reads the header and the question of a DNS query (RFC 1035 §4.1). Never throws on packet content: anything it
/// cannot read becomes a <see cref="DnsReadStatus"/>.
/// </summary>
public static class DnsMessageReader
{
    /// <summary>The size of the fixed header.</summary>
    public const int HeaderLength = 12;

    /// <summary>The longest name in wire form, length bytes and the final zero included (RFC 1035 §2.3.4).</summary>
    public const int MaxNameWireLength = 255;

    private const int MaxLabelLength = 63;

    /// <summary>
    /// Reads <paramref name="packet"/>. <paramref name="query"/> is null only for <see cref="DnsReadStatus.Malformed"/>;
    /// it carries the question only for <see cref="DnsReadStatus.Query"/>. Sections after the question are ignored.
    /// </summary>
    public static DnsReadStatus TryReadQuery(ReadOnlySpan<byte> packet, out DnsQuery? query)
    {
        query = null;
        if (packet.Length < HeaderLength)
        {
            return DnsReadStatus.Malformed;
        }
        var flags = BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);
        if ((flags & 0x8000) != 0)
        {
            // A response sent to a server: answering it could start a loop between two servers.
            return DnsReadStatus.Malformed;
        }
        query = new DnsQuery(BinaryPrimitives.ReadUInt16BigEndian(packet), flags);
        if (query.Opcode != 0)
        {
            return DnsReadStatus.NotImplemented;
        }
        if (BinaryPrimitives.ReadUInt16BigEndian(packet[4..]) != 1)
        {
            return DnsReadStatus.FormatError;
        }
        if (!TryReadName(packet, HeaderLength, out var nameWire, out var end))
        {
            return DnsReadStatus.FormatError;
        }
        if (end + 4 > packet.Length)
        {
            return DnsReadStatus.FormatError;
        }
        var (name, plain) = ToText(nameWire);
        query.SetQuestion(nameWire, name, plain,
            BinaryPrimitives.ReadUInt16BigEndian(packet[end..]), BinaryPrimitives.ReadUInt16BigEndian(packet[(end + 2)..]));
        ReadEdns(packet, end + 4, query);
        return DnsReadStatus.Query;
    }

    /// <summary>
    /// Looks for an OPT record in the additional section (RFC 6891 §6.1.1), skipping any records before it. A record
    /// that cannot be read ends the search: the query is then answered as one without EDNS, not rejected.
    /// </summary>
    private static void ReadEdns(ReadOnlySpan<byte> packet, int offset, DnsQuery query)
    {
        var before = BinaryPrimitives.ReadUInt16BigEndian(packet[6..]) + BinaryPrimitives.ReadUInt16BigEndian(packet[8..]);
        var records = before + BinaryPrimitives.ReadUInt16BigEndian(packet[10..]);
        var position = offset;
        for (var i = 0; i < records; i++)
        {
            if (!TryReadName(packet, position, out _, out var end) || end + 10 > packet.Length)
            {
                return;
            }
            if (i >= before && BinaryPrimitives.ReadUInt16BigEndian(packet[end..]) == DnsRecordType.Opt)
            {
                query.SetEdns(BinaryPrimitives.ReadUInt16BigEndian(packet[(end + 2)..]), packet[end + 5]);
                return;
            }
            position = end + 10 + BinaryPrimitives.ReadUInt16BigEndian(packet[(end + 8)..]);
        }
    }

    /// <summary>
    /// Reads the name at <paramref name="offset"/> into uncompressed wire form; <paramref name="end"/> is the offset
    /// after it in the packet. Compression pointers are followed only backwards, each before the previous one, so a
    /// crafted packet cannot loop; extended label types and names over 255 bytes fail.
    /// </summary>
    internal static bool TryReadName(ReadOnlySpan<byte> packet, int offset, out byte[] nameWire, out int end)
    {
        Span<byte> wire = stackalloc byte[MaxNameWireLength];
        var length = 0;
        var position = offset;
        var limit = offset;
        end = -1;
        nameWire = [];
        while (true)
        {
            if (position >= packet.Length)
            {
                return false;
            }
            var b = packet[position];
            if ((b & 0xC0) == 0xC0)
            {
                if (position + 1 >= packet.Length)
                {
                    return false;
                }
                var target = ((b & 0x3F) << 8) | packet[position + 1];
                if (target >= limit)
                {
                    return false;
                }
                if (end < 0)
                {
                    end = position + 2;
                }
                position = limit = target;
                continue;
            }
            if ((b & 0xC0) != 0)
            {
                return false;
            }
            if (b == 0)
            {
                wire[length++] = 0;
                if (end < 0)
                {
                    end = position + 1;
                }
                nameWire = wire[..length].ToArray();
                return true;
            }
            if (b > MaxLabelLength || position + 1 + b > packet.Length || length + 1 + b + 1 > MaxNameWireLength)
            {
                return false;
            }
            packet.Slice(position, 1 + b).CopyTo(wire[length..]);
            length += 1 + b;
            position += 1 + b;
        }
    }

    private static (string Name, bool Plain) ToText(byte[] nameWire)
    {
        if (nameWire.Length <= 1)
        {
            return ("", true);
        }
        var plain = true;
        var text = string.Create(nameWire.Length - 2, nameWire, (chars, wire) =>
        {
            var i = 0;
            var position = 0;
            while (wire[position] != 0)
            {
                if (position > 0)
                {
                    chars[i++] = '.';
                }
                int labelLength = wire[position++];
                for (var k = 0; k < labelLength; k++)
                {
                    chars[i++] = (char)wire[position++];
                }
            }
        });
        foreach (var c in text.AsSpan())
        {
            if (c is < (char)0x21 or > (char)0x7E or '\\')
            {
                plain = false;
            }
        }
        // A dot inside a label would read as a label boundary: count labels against the dots.
        var labels = 0;
        for (var position = 0; nameWire[position] != 0; position += 1 + nameWire[position])
        {
            labels++;
        }
        if (text.AsSpan().Count('.') != labels - 1)
        {
            plain = false;
        }
        return (text, plain);
    }
}
