namespace Codemason.Discovery;

/// <summary>What became of one message a <see cref="ServiceDnsServer"/> received (counted, and the metrics' <c>outcome</c> label).</summary>
public enum DnsQueryOutcome
{
    /// <summary>A table name: answered with its addresses.</summary>
    Answered,

    /// <summary>A table name with more addresses than fit in 512 bytes over UDP: answered with what fits and TC set.</summary>
    Truncated,

    /// <summary>A table name, another type than A (AAAA, MX…): NOERROR without answers.</summary>
    NoData,

    /// <summary>A table name without a running replica: NXDOMAIN.</summary>
    NameError,

    /// <summary>
    /// A table name without a running replica, asked for its A record while
    /// <see cref="ServiceDnsServerOptions.UnavailableAddress"/> is set: answered with that address, TTL 0.
    /// </summary>
    Unavailable,

    /// <summary>Another name: an upstream's response relayed.</summary>
    Forwarded,

    /// <summary>Another name, and no upstream answered within the forward timeout: SERVFAIL.</summary>
    UpstreamFailed,

    /// <summary>Another name, and too many forwarded queries in flight already: SERVFAIL.</summary>
    Overloaded,

    /// <summary>Another name, and no upstream is configured: REFUSED.</summary>
    NoUpstream,

    /// <summary>A client outside the allowed subnets: REFUSED.</summary>
    Refused,

    /// <summary>A readable header, but not one question or not a standard query: FORMERR or NOTIMP.</summary>
    Unsupported,

    /// <summary>Not a DNS query (too short, or a response): dropped without an answer.</summary>
    Malformed,
}
