namespace Codemason.Grpc.Client;

/// <summary>A server-streaming call in flight. Dispose it to cancel it if still running.</summary>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncServerStreamingCall<TResponse> : IDisposable
{
    private readonly ICallState _call;

    internal AsyncServerStreamingCall(
        IAsyncStreamReader<TResponse> responseStream, ICallState call)
    {
        ResponseStream = responseStream;
        _call = call;
    }

    /// <summary>The responses; <c>MoveNext</c> throws <see cref="RpcException"/> for a non-OK status.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers, once they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>The status, once the stream has been read to its end.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers, once the stream has been read to its end.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <inheritdoc />
    public void Dispose() => _call.Dispose();
}
