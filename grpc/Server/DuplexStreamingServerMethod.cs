using Google.Protobuf;
using Microsoft.AspNetCore.Http;

namespace Codemason.Grpc.Server;

/// <summary>A bound bidirectional-streaming rpc.</summary>
internal sealed class DuplexStreamingServerMethod<THandler, TRequest, TResponse>(
    ServerMethodSettings settings,
    Func<THandler, IAsyncStreamReader<TRequest>, IServerStreamWriter<TResponse>, ServerCallContext, Task> invoker)
    : ServerMethodHandler(settings)
    where THandler : class
    where TRequest : class, IMessage<TRequest>
    where TResponse : class, IMessage<TResponse>
{
    private readonly HandlerActivator<THandler> _activator = new(settings.Instance);

    protected override async Task HandleCallAsync(HttpContext http, HttpServerCallContext call)
    {
        var reader = new HttpRequestStreamReader<TRequest>(CreateReader<TRequest>(http), call);
        var writer = new HttpResponseStreamWriter<TResponse>(call, Settings.Options.MaxSendMessageSize);
        var handler = _activator.Create(http.RequestServices, out var owned);
        try
        {
            await invoker(handler, reader, writer, call);
        }
        finally
        {
            await writer.CompleteAsync();
            await HandlerActivator<THandler>.ReleaseAsync(handler, owned);
        }
    }
}
