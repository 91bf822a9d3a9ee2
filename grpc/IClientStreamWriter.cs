namespace Codemason.Grpc;

/// <summary>The request stream of a client-streaming or bidirectional call, as seen by the caller.</summary>
/// <typeparam name="T">The request message type.</typeparam>
public interface IClientStreamWriter<in T> : IAsyncStreamWriter<T>
{
    /// <summary>Ends the request stream (half-close); waits until every queued message was handed to HTTP/2.</summary>
    Task CompleteAsync();
}
