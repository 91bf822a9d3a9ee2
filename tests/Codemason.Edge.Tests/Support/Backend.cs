using System.Net;
using System.Net.WebSockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace Codemason.Edge.Tests.Support;

/// <summary>
/// A replica stand-in on loopback: answers its name to every request, <c>/slow?ms=N</c> after N ms, and echoes
/// WebSocket messages on <c>/ws</c>.
/// </summary>
internal sealed class Backend : IAsyncDisposable
{
    private readonly WebApplication _app;

    private Backend(string name, WebApplication app)
    {
        Name = name;
        _app = app;
    }

    public string Name { get; }

    public string Address => _app.Urls.Single();

    public static async Task<Backend> StartAsync(string name)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.UseWebSockets();
        app.Run(async context =>
        {
            if (context.WebSockets.IsWebSocketRequest)
            {
                await EchoAsync(await context.WebSockets.AcceptWebSocketAsync(), context.RequestAborted);
                return;
            }

            if (context.Request.Path == "/slow")
            {
                await Task.Delay(int.Parse(context.Request.Query["ms"].Single()!, System.Globalization.CultureInfo.InvariantCulture), context.RequestAborted);
            }

            context.Response.Headers["X-Forwarded-Host-Seen"] = context.Request.Headers["X-Forwarded-Host"].ToString();
            context.Response.Headers["Traceparent-Seen"] = context.Request.Headers["traceparent"].ToString();
            await context.Response.WriteAsync(name);
        });
        await app.StartAsync();
        return new Backend(name, app);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static async Task EchoAsync(WebSocket socket, CancellationToken cancellationToken)
    {
        var buffer = new byte[4096];
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, cancellationToken);
            if (received.MessageType == WebSocketMessageType.Close)
            {
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, cancellationToken);
                return;
            }

            await socket.SendAsync(buffer.AsMemory(0, received.Count), received.MessageType, received.EndOfMessage, cancellationToken);
        }
    }
}
