using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Codemason.Grpc.Server;

/// <summary>A bound server-streaming rpc: one request, a stream of responses.</summary>
internal sealed class ServerStreamingServerMethod<THandler, TRequest, TResponse>(
    ServerMethodSettings settings, Func<THandler, TRequest, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker)
    : ServerMethodHandler(settings)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly HandlerActivator<THandler> _activator = new(settings.Instance);

    protected override async Task HandleCallAsync(HttpContext http, HttpServerCallContext call)
    {
        var request = await ReadSingleRequestAsync(CreateReader<TRequest>(http), call);
        var writer = new HttpResponseStreamWriter<TResponse>(call, Settings.Options.MaxSendMessageSize);
        var handler = _activator.Create(http.RequestServices, out var owned);
        try
        {
            await invoker(handler, request, writer, call);
        }
        finally
        {
            await writer.CompleteAsync();
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned);
        }
    }
}
