namespace Codemason.Discovery;

/// <summary>
/// A query as <see cref="DnsMessageReader"/> read it: the header fields always, the single question when
/// <see cref="HasQuestion"/> is set.
/// </summary>
public sealed class DnsQuery
{
    internal DnsQuery(ushort id, ushort flags)
    {
        Id = id;
        Flags = flags;
    }

    /// <summary>The message id, copied into the response.</summary>
    public ushort Id { get; }

    /// <summary>The header's second 16 bits as received (QR, opcode, AA, TC, RD, RA, Z, RCODE).</summary>
    public ushort Flags { get; }

    /// <summary>The kind of query; 0 is a standard query, the only one answered.</summary>
    public int Opcode => (Flags >> 11) & 0xF;

    /// <summary>RD: copied into the response.</summary>
    public bool RecursionDesired => (Flags & 0x0100) != 0;

    /// <summary>Whether the question was read; false for a message answered with FORMERR or NOTIMP.</summary>
    public bool HasQuestion { get; private set; }

    /// <summary>
    /// The question's name in dotted form without the trailing dot, case as received (empty for the root).
    /// Labels holding a dot, a backslash or a byte outside printable ASCII are not escaped; see <see cref="IsPlainName"/>.
    /// </summary>
    public string Name { get; private set; } = "";

    /// <summary>
    /// Whether every label is printable ASCII without a dot or backslash, so that <see cref="Name"/> says exactly what
    /// the wire said. Only plain names are looked up in the name table; others are forwarded.
    /// </summary>
    public bool IsPlainName { get; private set; }

    /// <summary>QTYPE (<see cref="DnsRecordType"/>).</summary>
    public ushort Type { get; private set; }

    /// <summary>QCLASS.</summary>
    public ushort Class { get; private set; }

    /// <summary>Whether the query carries an EDNS0 OPT record (RFC 6891): the response then carries one too.</summary>
    public bool HasEdns { get; private set; }

    /// <summary>The UDP payload size the client's OPT record advertises; 0 without one.</summary>
    public int EdnsUdpPayloadSize { get; private set; }

    /// <summary>The EDNS version of the client's OPT record; only 0 is answered (others get BADVERS).</summary>
    public int EdnsVersion { get; private set; }

    /// <summary>The name in uncompressed wire form (labels and the final zero byte), written back into responses.</summary>
    internal byte[] NameWire { get; private set; } = [];

    internal void SetQuestion(byte[] nameWire, string name, bool isPlainName, ushort type, ushort @class)
    {
        NameWire = nameWire;
        Name = name;
        IsPlainName = isPlainName;
        Type = type;
        Class = @class;
        HasQuestion = true;
    }

    internal void SetEdns(int udpPayloadSize, int version)
    {
        HasEdns = true;
        EdnsUdpPayloadSize = udpPayloadSize;
        EdnsVersion = version;
    }
}
