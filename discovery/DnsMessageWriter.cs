using System.Buffers.Binary;

namespace Codemason.Discovery;

/// <summary>
/// Writes responses (RFC 1035 §4.1): the header, the question as received, and A records whose owner name is a
/// compression pointer to the question's name.
/// </summary>
public static class DnsMessageWriter
{
    /// <summary>The largest UDP message to a client without EDNS0 (RFC 1035 §4.2.1); longer answers are truncated (TC).</summary>
    public const int MaxUdpLength = 512;

    /// <summary>
    /// The UDP payload size this server advertises in its OPT record and the most it sends over UDP to an EDNS0
    /// client, whatever larger size the client offers: 1232 bytes fit in any path's MTU without fragments (DNS Flag Day 2020).
    /// </summary>
    public const int MaxEdnsUdpLength = 1232;

    /// <summary>The size of an OPT record with the root name and no options.</summary>
    public const int OptRecordLength = 11;

    /// <summary>The size of one A record with a pointer as its name.</summary>
    public const int ARecordLength = 16;

    private const ushort PointerToQuestion = 0xC000 | DnsMessageReader.HeaderLength;

    /// <summary>
    /// Writes an answer to <paramref name="query"/> into <paramref name="destination"/>: the IPv4 addresses packed
    /// in <paramref name="addresses"/> (4 bytes each), starting at index <paramref name="first"/> and wrapping around,
    /// as many as fit in <paramref name="maxLength"/>. When not all fit, TC is set. An EDNS0 query's answer ends with
    /// an OPT record (counted in <paramref name="maxLength"/>). Returns the length written.
    /// </summary>
    public static int WriteAnswer(DnsQuery query, ReadOnlySpan<byte> addresses, int first, uint ttlSeconds,
        int maxLength, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(query);
        var count = addresses.Length / 4;
        var length = WriteHeaderAndQuestion(query, DnsResponseCode.NoError, authoritative: true, destination);
        var reserved = query.HasEdns ? OptRecordLength : 0;
        var room = (Math.Min(maxLength, destination.Length) - length - reserved) / ARecordLength;
        var written = Math.Min(count, Math.Max(room, 0));
        for (var k = 0; k < written; k++)
        {
            var index = (first + k) % count;
            var record = destination.Slice(length, ARecordLength);
            BinaryPrimitives.WriteUInt16BigEndian(record, PointerToQuestion);
            BinaryPrimitives.WriteUInt16BigEndian(record[2..], DnsRecordType.A);
            BinaryPrimitives.WriteUInt16BigEndian(record[4..], DnsRecordType.ClassInternet);
            BinaryPrimitives.WriteUInt32BigEndian(record[6..], ttlSeconds);
            BinaryPrimitives.WriteUInt16BigEndian(record[10..], 4);
            addresses.Slice(index * 4, 4).CopyTo(record[12..]);
            length += ARecordLength;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[6..], (ushort)written);
        if (written < count)
        {
            destination[2] |= 0x02;
        }
        return WriteOpt(query, DnsResponseCode.NoError, destination, length);
    }

    /// <summary>
    /// Writes a response without answers: NOERROR (no data), NXDOMAIN, SERVFAIL, REFUSED, FORMERR or NOTIMP. The
    /// question is echoed when it was read, and an EDNS0 query's response carries an OPT record (with the extended
    /// RCODE of <see cref="DnsResponseCode.BadVersion"/>). Returns the length written.
    /// </summary>
    public static int WriteEmpty(DnsQuery query, DnsResponseCode code, bool authoritative, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(query);
        return WriteOpt(query, code, destination, WriteHeaderAndQuestion(query, code, authoritative, destination));
    }

    /// <summary>Writes a standard query for <paramref name="name"/> (clients, tests and benchmarks). Returns the length.</summary>
    /// <remarks>With <paramref name="ednsUdpPayloadSize"/> above 0 the query carries an OPT record advertising it.</remarks>
    public static int WriteQuery(ushort id, string name, ushort type, Span<byte> destination, bool recursionDesired = true,
        int ednsUdpPayloadSize = 0)
    {
        ArgumentNullException.ThrowIfNull(name);
        destination[..DnsMessageReader.HeaderLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)(recursionDesired ? 0x0100 : 0));
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        var length = DnsMessageReader.HeaderLength;
        foreach (var label in name.TrimEnd('.').Split('.', StringSplitOptions.RemoveEmptyEntries))
        {
            if (label.Length > 63)
            {
                throw new ArgumentException($"label '{label}' is longer than 63 characters", nameof(name));
            }
            destination[length++] = (byte)label.Length;
            foreach (var c in label)
            {
                destination[length++] = (byte)c;
            }
        }
        destination[length++] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(destination[length..], type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(length + 2)..], DnsRecordType.ClassInternet);
        length += 4;
        if (ednsUdpPayloadSize > 0)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1);
            length = WriteOptRecord(destination, length, (ushort)ednsUdpPayloadSize, extendedCode: 0);
        }
        return length;
    }

    /// <summary>Appends the OPT record to an EDNS0 query's response and sets the header's RCODE bits of <paramref name="code"/>.</summary>
    private static int WriteOpt(DnsQuery query, DnsResponseCode code, Span<byte> destination, int length)
    {
        if (!query.HasEdns || !query.HasQuestion)
        {
            return length;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], 1);
        return WriteOptRecord(destination, length, MaxEdnsUdpLength, (byte)((int)code >> 4));
    }

    private static int WriteOptRecord(Span<byte> destination, int length, ushort udpPayloadSize, byte extendedCode)
    {
        var record = destination.Slice(length, OptRecordLength);
        record[0] = 0;
        BinaryPrimitives.WriteUInt16BigEndian(record[1..], DnsRecordType.Opt);
        BinaryPrimitives.WriteUInt16BigEndian(record[3..], udpPayloadSize);
        // TTL field: extended RCODE, version 0, no flags (DO clear: no DNSSEC); then RDLENGTH 0.
        BinaryPrimitives.WriteUInt32BigEndian(record[5..], (uint)extendedCode << 24);
        BinaryPrimitives.WriteUInt16BigEndian(record[9..], 0);
        return length + OptRecordLength;
    }

    private static int WriteHeaderAndQuestion(DnsQuery query, DnsResponseCode code, bool authoritative, Span<byte> destination)
    {
        var flags = 0x8000 | (query.Opcode << 11) | (query.RecursionDesired ? 0x0100 : 0) | 0x0080 | ((int)code & 0xF);
        if (authoritative)
        {
            flags |= 0x0400;
        }
        destination[..DnsMessageReader.HeaderLength].Clear();
        BinaryPrimitives.WriteUInt16BigEndian(destination, query.Id);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)flags);
        if (!query.HasQuestion)
        {
            return DnsMessageReader.HeaderLength;
        }
        BinaryPrimitives.WriteUInt16BigEndian(destination[4..], 1);
        var length = DnsMessageReader.HeaderLength;
        query.NameWire.CopyTo(destination[length..]);
        length += query.NameWire.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination[length..], query.Type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[(length + 2)..], query.Class);
        return length + 4;
    }
}
