namespace Codemason.Grpc;

/// <summary>Reads the messages of a stream one at a time (request stream on the server, response stream on the client).</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamReader<out T>
{
    /// <summary>The message read by the last successful <see cref="MoveNext"/>.</summary>
    T Current { get; }

    /// <summary>
    /// Reads the next message. Returns false at the end of the stream. Throws <see cref="RpcException"/>
    /// when the call failed (client) or when the frame is invalid (server).
    /// </summary>
    ValueTask<bool> MoveNext(CancellationToken cancellationToken = default);
}
