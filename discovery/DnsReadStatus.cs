namespace Codemason.Discovery;

/// <summary>What <see cref="DnsMessageReader.TryReadQuery"/> made of a packet.</summary>
public enum DnsReadStatus
{
    /// <summary>A standard query with one question: answer it.</summary>
    Query,

    /// <summary>The header was read, but not one well-formed question: answer FORMERR.</summary>
    FormatError,

    /// <summary>The header was read, the opcode is not a standard query: answer NOTIMP.</summary>
    NotImplemented,

    /// <summary>Shorter than a header, or a response (QR set): drop it, answer nothing.</summary>
    Malformed,
}
