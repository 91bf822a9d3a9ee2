namespace Codemason.Discovery;

/// <summary>The RCODE values of RFC 1035 §4.1.1 this server answers with.</summary>
public enum DnsResponseCode
{
    /// <summary>No error; a response without answers means "the name exists, but has no record of that type".</summary>
    NoError = 0,

    /// <summary>The query could not be interpreted (no question, several questions).</summary>
    FormatError = 1,

    /// <summary>The server failed: no upstream answered in time.</summary>
    ServerFailure = 2,

    /// <summary>The name does not exist (here: a known service without a running replica).</summary>
    NameError = 3,

    /// <summary>The kind of query (opcode) is not supported.</summary>
    NotImplemented = 4,

    /// <summary>The server refuses: the client is outside the allowed subnets, or there is no upstream.</summary>
    Refused = 5,

    /// <summary>BADVERS (RFC 6891 §9): the client's EDNS version is not 0. Needs the OPT record's extended RCODE.</summary>
    BadVersion = 16,
}
