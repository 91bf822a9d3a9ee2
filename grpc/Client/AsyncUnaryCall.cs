using System.Runtime.CompilerServices;

namespace Codemason.Grpc.Client;

/// <summary>A unary call in flight. Await it for the response; dispose it to cancel it if still running.</summary>
/// <typeparam name="TResponse">The response message type.</typeparam>
public sealed class AsyncUnaryCall<TResponse> : IDisposable
{
    private readonly ICallState _call;

    internal AsyncUnaryCall(Task<TResponse> response, ICallState call)
    {
        ResponseAsync = response;
        _call = call;
    }

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
