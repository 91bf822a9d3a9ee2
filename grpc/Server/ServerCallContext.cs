using Microsoft.AspNetCore.Http;

namespace Codemason.Grpc.Server;

/// <summary>What a handler knows about the call it serves.</summary>
public abstract class ServerCallContext
{
    /// <summary>The method path, e.g. <c>/codemason.v1.AgentService/Connect</c>.</summary>
    public abstract string Method { get; }

    /// <summary>The caller's address, e.g. <c>ipv4:127.0.0.1:50123</c>.</summary>
    public abstract string Peer { get; }

    /// <summary>The deadline (UTC) from <c>grpc-timeout</c>; <see cref="DateTime.MaxValue"/> when none.</summary>
    public abstract DateTime Deadline { get; }

    /// <summary>Request metadata (protocol headers such as content-type and grpc-timeout excluded).</summary>
    public abstract Metadata RequestHeaders { get; }

    /// <summary>Metadata sent in the trailers with the status.</summary>
    public abstract Metadata ResponseTrailers { get; }

    /// <summary>
    /// Fires when the client goes away or cancels, at the deadline, and at application shutdown.
    /// Handlers pass it to everything they await.
    /// </summary>
    public abstract CancellationToken CancellationToken { get; }

    /// <summary>The status sent when the handler returns normally. Default OK.</summary>
    public abstract Status Status { get; set; }

    /// <summary>The underlying HTTP context (client certificate, services, connection).</summary>
    public abstract HttpContext HttpContext { get; }

    /// <summary>Sends the response headers now, with <paramref name="responseHeaders"/> added. At most once, before any message.</summary>
    public abstract Task WriteResponseHeadersAsync(Metadata responseHeaders);
}
