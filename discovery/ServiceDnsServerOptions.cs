using System.Net;

namespace Codemason.Discovery;

/// <summary>
/// How one <see cref="ServiceDnsServer"/> listens and answers. The agent makes one per app network, so these are
/// built in code rather than bound from a configuration section. Checked by <see cref="ServiceDnsServerOptionsValidator"/>.
/// </summary>
public sealed class ServiceDnsServerOptions
{
    /// <summary>Default <see cref="Ttl"/>: 1 s, so that clients follow a replica that moved within a second or so.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromSeconds(1);

    /// <summary>Default <see cref="ForwardTimeout"/>: 2 s for all upstreams together, then SERVFAIL.</summary>
    public static readonly TimeSpan DefaultForwardTimeout = TimeSpan.FromSeconds(2);

    /// <summary>Default <see cref="TcpIdleTimeout"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultTcpIdleTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Default <see cref="MaxConcurrentForwards"/>.</summary>
    public const int DefaultMaxConcurrentForwards = 256;

    /// <summary>Default <see cref="MaxTcpConnections"/>.</summary>
    public const int DefaultMaxTcpConnections = 64;

    /// <summary>
    /// Where to listen, UDP and TCP on the same port: the app network's gateway address on this node, port 53, in
    /// production. Port 0 picks a free port for both (tests); <see cref="ServiceDnsServer.LocalEndPoint"/> tells which.
    /// </summary>
    public required IPEndPoint Endpoint { get; init; }

    /// <summary>What logs and metrics call this server (the <c>network</c> label): the app network's name. Default empty.</summary>
    public string Name { get; init; } = "";

    /// <summary>
    /// The IPv4 subnets clients may ask from (the app network's subnet); others get REFUSED. Empty (the default)
    /// allows every client.
    /// </summary>
    public IReadOnlyList<IPNetwork> AllowedSources { get; init; } = [];

    /// <summary>
    /// The resolvers names outside the table go to, tried in order within <see cref="ForwardTimeout"/>
    /// (<see cref="ResolvConf.ReadHostUpstreams"/> reads the host's). Empty (the default): such names are REFUSED.
    /// </summary>
    public IReadOnlyList<IPEndPoint> Upstreams { get; init; } = [];

    /// <summary>The TTL of answers, whole seconds (default <see cref="DefaultTtl"/>). Zero asks clients not to cache.</summary>
    public TimeSpan Ttl { get; init; } = DefaultTtl;

    /// <summary>
    /// The one IPv4 address a table name without a running replica is answered with, TTL 0, instead of NXDOMAIN: an
    /// address where every port refuses connections (the agent's gateway, whose firewall rejects all but DNS), so that
    /// a client of a service that has no replica now gets "connection refused" at once and asks again next time,
    /// rather than "unknown host". Null (the default): NXDOMAIN.
    /// </summary>
    public IPAddress? UnavailableAddress { get; init; }

    /// <summary>How long a forwarded query may take across all upstreams before SERVFAIL (default <see cref="DefaultForwardTimeout"/>).</summary>
    public TimeSpan ForwardTimeout { get; init; } = DefaultForwardTimeout;

    /// <summary>How long a TCP connection may stay idle between queries (default <see cref="DefaultTcpIdleTimeout"/>).</summary>
    public TimeSpan TcpIdleTimeout { get; init; } = DefaultTcpIdleTimeout;

    /// <summary>
    /// Domain suffixes also accepted after a table name (e.g. <c>corp.example</c>: <c>db.corp.example</c> answers as
    /// <c>db</c>), for containers whose resolv.conf carries the host's search domains. Empty by default: Docker
    /// containers on user networks usually have none, and a miss costs only one forwarded query before the client
    /// tries the bare name.
    /// </summary>
    public IReadOnlyList<string> SearchSuffixes { get; init; } = [];

    /// <summary>Forwarded queries in flight at once; more are answered SERVFAIL (default <see cref="DefaultMaxConcurrentForwards"/>).</summary>
    public int MaxConcurrentForwards { get; init; } = DefaultMaxConcurrentForwards;

    /// <summary>TCP connections open at once; more are closed on accept (default <see cref="DefaultMaxTcpConnections"/>).</summary>
    public int MaxTcpConnections { get; init; } = DefaultMaxTcpConnections;
}
