using System.Globalization;
using Codemason.Grpc.Tests.Echo;
using Google.Protobuf;
using Grpc.Core;

namespace Codemason.Grpc.Tests.Infrastructure;

/// <summary>The test handler: echoes, and obeys commands in the request text.</summary>
public sealed class EchoService(EchoState state) : Echo.Echo.EchoBase
{
    public override async Task<EchoReply> Unary(EchoRequest request, ServerCallContext context)
    {
        var text = request.Message;
        if (text.StartsWith("error:", StringComparison.Ordinal))
        {
            var parts = text.Split(':', 3);
            var trailers = new Metadata { { "error-detail", "from-handler" } };
            throw new RpcException(new Status((StatusCode)int.Parse(parts[1], CultureInfo.InvariantCulture), parts[2]), trailers);
        }
        switch (text)
        {
            case "throw":
                throw new InvalidOperationException("secret internal detail");
            case "sleep":
                await SleepAsync(context.CancellationToken);
                break;
            case "headers":
                await context.WriteResponseHeadersAsync(new Metadata { { "echo-header", context.RequestHeaders.GetValue("x-text") ?? "" } });
                context.ResponseTrailers.Add("echo-bin", context.RequestHeaders.GetValueBytes("x-data-bin") ?? []);
                context.ResponseTrailers.Add("echo-deadline", context.Deadline == DateTime.MaxValue ? "none" : "set");
                break;
            case "big":
                return new EchoReply { Payload = ByteString.CopyFrom(new byte[request.Count]) };
            case "peer":
                return new EchoReply { Message = context.Peer + " " + context.Method };
        }
        context.ResponseTrailers.Add("echo-text", context.RequestHeaders.GetValue("x-text") ?? "");
        if (context.RequestHeaders.GetValueBytes("x-data-bin") is { } data)
        {
            context.ResponseTrailers.Add("echo-data-bin", data);
        }
        return new EchoReply { Message = text, Payload = request.Payload };
    }

    public override async Task ServerStream(EchoRequest request, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        if (request.Message == "forever")
        {
            state.Enter();
            try
            {
                for (var i = 0; ; i++)
                {
                    await responseStream.WriteAsync(new EchoReply { Index = i }, context.CancellationToken);
                    await Task.Delay(5, context.CancellationToken);
                }
            }
            finally
            {
                state.Leave(context.CancellationToken);
            }
        }
        for (var i = 0; i < request.Count; i++)
        {
            await responseStream.WriteAsync(new EchoReply { Message = request.Message, Index = i }, context.CancellationToken);
        }
        if (request.Message == "fail-after")
        {
            throw new RpcException(new Status(StatusCode.Aborted, "stopped after " + request.Count));
        }
    }

    public override async Task<EchoReply> ClientStream(IAsyncStreamReader<EchoRequest> requestStream, ServerCallContext context)
    {
        var texts = new List<string>();
        await foreach (var request in requestStream.ReadAllAsync(context.CancellationToken))
        {
            texts.Add(request.Message);
        }
        state.ClientStreamRequests = texts.Count;
        return new EchoReply { Message = string.Concat(texts), Index = texts.Count };
    }

    public override async Task Duplex(IAsyncStreamReader<EchoRequest> requestStream, IServerStreamWriter<EchoReply> responseStream, ServerCallContext context)
    {
        var index = 0;
        state.Enter();
        try
        {
            if (context.RequestHeaders.GetValue("x-greet") is { } greeting)
            {
                // The server speaks first, before any request arrives (like a controller greeting an agent).
                await context.WriteResponseHeadersAsync(new Metadata { { "greeting", greeting } });
            }
            while (await requestStream.MoveNext(context.CancellationToken))
            {
                var request = requestStream.Current;
                await responseStream.WriteAsync(new EchoReply { Message = request.Message, Index = index++, Payload = request.Payload }, context.CancellationToken);
            }
        }
        finally
        {
            state.Leave(context.CancellationToken);
        }
    }

    private async Task SleepAsync(CancellationToken cancellationToken)
    {
        state.Enter();
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        finally
        {
            state.Leave(cancellationToken);
        }
    }
}
