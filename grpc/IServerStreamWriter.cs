namespace Codemason.Grpc;

/// <summary>The response stream of a server-streaming or bidirectional call, as seen by the handler.</summary>
/// <typeparam name="T">The response message type.</typeparam>
public interface IServerStreamWriter<in T> : IAsyncStreamWriter<T>;
