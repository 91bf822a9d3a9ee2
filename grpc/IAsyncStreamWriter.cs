namespace Codemason.Grpc;

/// <summary>Writes the messages of a stream.</summary>
/// <typeparam name="T">The message type.</typeparam>
public interface IAsyncStreamWriter<in T>
{
    /// <summary>
    /// Serializes <paramref name="message"/> and queues it for sending; the message may be reused once
    /// the task completes. Completes at once unless the outgoing queue is full (back-pressure).
    /// Writes must not overlap.
    /// </summary>
    Task WriteAsync(T message, CancellationToken cancellationToken = default);
}
