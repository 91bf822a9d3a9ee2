namespace Codemason.Discovery;

/// <summary>The record types (QTYPE) this server treats by name (RFC 1035 §3.2.2, RFC 3596, RFC 6891).</summary>
public static class DnsRecordType
{
    /// <summary>An IPv4 host address.</summary>
    public const ushort A = 1;

    /// <summary>An IPv6 host address.</summary>
    public const ushort Aaaa = 28;

    /// <summary>The EDNS0 pseudo-record.</summary>
    public const ushort Opt = 41;

    /// <summary>Any type (QTYPE *): answered like A for a service name.</summary>
    public const ushort Any = 255;

    /// <summary>The Internet class.</summary>
    public const ushort ClassInternet = 1;

    /// <summary>Any class (QCLASS *).</summary>
    public const ushort ClassAny = 255;
}
