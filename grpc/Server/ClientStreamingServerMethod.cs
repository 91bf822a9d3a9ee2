using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Codemason.Grpc.Server;

/// <summary>A bound client-streaming rpc: a stream of requests, one response.</summary>
internal sealed class ClientStreamingServerMethod<THandler, TRequest, TResponse>(
    ServerMethodSettings settings, Func<THandler, IAsyncStreamReader<TRequest>, ServerCallContext, Task<TResponse>> invoker)
    : ServerMethodHandler(settings)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly HandlerActivator<THandler> _activator = new(settings.Instance);

    protected override async Task HandleCallAsync(HttpContext http, HttpServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TRequest>(CreateReader<TRequest>(http), call);
        var handler = _activator.Create(http.RequestServices, out var owned);
        try
        {
            var response = await invoker(handler, reader, call);
            WriteSingleResponse(http, call, response);
        }
        finally
        {
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned);
        }
    }
}
