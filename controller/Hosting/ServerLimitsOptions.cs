using System.ComponentModel.DataAnnotations;

namespace Codemason.Controller.Hosting;

/// <summary>
/// Kestrel's connection and request limits on the gRPC port (section <c>ServerLimits</c>), so that many clients, or one
/// client opening many streams or sending huge headers, cannot take the controller's memory or sockets
/// (docs/security.md, "Limits"). gRPC messages are bounded separately, at 4 MiB each way.
/// </summary>
public sealed class ServerLimitsOptions
{
    /// <summary>Configuration section.</summary>
    public const string SectionName = "ServerLimits";

    /// <summary>Default <see cref="MaxConcurrentConnections"/>: 4,096 (an agent holds one, a CLI call one).</summary>
    public const int DefaultMaxConcurrentConnections = 4096;

    /// <summary>Default <see cref="MaxStreamsPerConnection"/>: 100 (Kestrel's own; an agent uses one).</summary>
    public const int DefaultMaxStreamsPerConnection = 100;

    /// <summary>Default <see cref="MaxRequestHeadersTotalSize"/>: 32 KiB (Kestrel's own; a call sends well under 1 KiB).</summary>
    public const int DefaultMaxRequestHeadersTotalSize = 32 * 1024;

    /// <summary>Default <see cref="MaxRequestBodySize"/>: 4 MiB, the gRPC message limit.</summary>
    public const long DefaultMaxRequestBodySize = 4 * 1024 * 1024;

    /// <summary>Default <see cref="RequestHeadersTimeout"/>: 10 s.</summary>
    public static readonly TimeSpan DefaultRequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Most open connections (default <see cref="DefaultMaxConcurrentConnections"/>); a connection past it is closed at once.</summary>
    [Range(1, 1_000_000)]
    public int MaxConcurrentConnections { get; set; } = DefaultMaxConcurrentConnections;

    /// <summary>Most concurrent HTTP/2 streams (calls) on one connection (default <see cref="DefaultMaxStreamsPerConnection"/>); more wait or are refused by the client.</summary>
    [Range(1, 10_000)]
    public int MaxStreamsPerConnection { get; set; } = DefaultMaxStreamsPerConnection;

    /// <summary>Largest total size of a request's headers (default <see cref="DefaultMaxRequestHeadersTotalSize"/>).</summary>
    [Range(4 * 1024, 1024 * 1024)]
    public int MaxRequestHeadersTotalSize { get; set; } = DefaultMaxRequestHeadersTotalSize;

    /// <summary>
    /// Largest body of a request that is not gRPC (default <see cref="DefaultMaxRequestBodySize"/>); gRPC calls, whose
    /// streams last a session, are bounded per message instead (grpc-dotnet lifts this limit for them).
    /// </summary>
    [Range(1024, 1024L * 1024 * 1024)]
    public long MaxRequestBodySize { get; set; } = DefaultMaxRequestBodySize;

    /// <summary>Longest a client may take to send a request's headers (default <see cref="DefaultRequestHeadersTimeout"/>).</summary>
    public TimeSpan RequestHeadersTimeout { get; set; } = DefaultRequestHeadersTimeout;
}
