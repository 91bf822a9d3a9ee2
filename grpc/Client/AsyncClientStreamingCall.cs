using System.Runtime.CompilerServices;

namespace Codemason.Grpc.Client;

/// <summary>A client-streaming call in flight: write requests, complete, await the response.</summary>
/// <typeparam name="TRequest">The request message type.</typeparam>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncClientStreamingCall<TRequest, TResponse> : IDisposable
{
    private readonly ICallState _call;

    internal AsyncClientStreamingCall(
        IClientStreamWriter<TRequest> requestStream, Task<TResponse> response, ICallState call)
    {
        RequestStream = requestStream;
        ResponseAsync = response;
        _call = call;
    }

    /// <summary>The requests; call <c>CompleteAsync</c> after the last one.</summary>
    public IClientStreamWriter<TRequest> RequestStream { get; }

    /// <summary>The response; faults with <see cref="RpcException"/> for any non-OK status.</summary>
    public Task<TResponse> ResponseAsync { get; }

    /// <summary>The response headers, once they arrive.</summary>
    public Task<Metadata> ResponseHeadersAsync => _call.GetResponseHeadersAsync();

    /// <summary>Lets <c>await call</c> give the response.</summary>
    public TaskAwaiter<TResponse> GetAwaiter() => ResponseAsync.GetAwaiter();

    /// <summary>The status, once the call has finished.</summary>
    public Status GetStatus() => _call.GetStatus();

    /// <summary>The trailers, once the call has finished.</summary>
    public Metadata GetTrailers() => _call.GetTrailers();

    /// <inheritdoc />
    public void Dispose() => _call.Dispose();
}
