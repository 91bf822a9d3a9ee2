namespace Codemason.Grpc.Client;

/// <summary>A bidirectional call in flight: write requests and read responses at the same time.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncDuplexStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly ICallState _call;

    internal AsyncDuplexStreamingCall(
        IClientStreamWriter<TRequest> requestStream, IAsyncStreamReader<TResponse> responseStream, ICallState call)
    {
        RequestStream = requestStream;
        ResponseStream = responseStream;
        _call = call;
    }

    /// <summary>The requests; call <c>CompleteAsync</c> after the last one.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The responses; <c>MoveNext</c> throws <see cref="RpcException"/> for a non-OK status.</summary>
    public IAsyncStreamReader<TResponse> ResponseStream { get; }

    /// <summary>The response headers, once they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>The status, once the response stream has been read to its end.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers, once the response stream has been read to its end.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <inheritdoc />
    public void Dispose() => _call.Dispose();
}
