namespace Codemason.Grpc;

/// <summary>
/// A call failed with a gRPC status. Thrown by the client for every non-OK status, and thrown by
/// server handlers to end a call with a specific status, detail and trailers.
/// </summary>
public sealed class RpcException : Exception
{
    /// <summary>Creates an exception with the given status code, detail and (optional) trailers.</summary>
    public RpcException(StatusCode statusCode, string detail = "", Metadata? trailers = null)
        : this(new Status(statusCode, detail), trailers)
    {
    }

    /// <summary>Creates an exception for <paramref name="status"/>.</summary>
    public RpcException(Status status, Metadata? trailers = null, Exception? innerException = null)
        : base(status.ToString(), innerException)
    {
        Status = status;
        Trailers = trailers ?? new Metadata();
    }

    /// <summary>The status of the call.</summary>
    public Status Status { get; }

    /// <summary>Shortcut for <c>Status.StatusCode</c>.</summary>
    public StatusCode StatusCode => Status.StatusCode;

    /// <summary>Trailers received (client) or to send (server).</summary>
    public Metadata Trailers { get; }
}
