using System.Net;
using System.Text;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Codemason.Telemetry.Http;

/// <summary>
/// <c>GET /healthz</c> (200 "ok" or 503 with the reason) on an <see cref="HttpListener"/>, for a process that hosts no
/// ASP.NET Core (the agent): it shares the port of the OpenTelemetry Prometheus exporter's own listener, which serves
/// <c>/metrics</c> (the listener with the longer prefix gets the request).
/// </summary>
public sealed partial class HealthHttpListener(IPEndPoint endpoint, HealthProbe health, ILogger<HealthHttpListener> logger) : BackgroundService
{
    /// <inheritdoc />
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var listener = new HttpListener();
        listener.Prefixes.Add($"http://{endpoint}/healthz/");
        listener.Start();
        Log.Listening(logger, $"http://{endpoint}");
        using var stop = stoppingToken.Register(listener.Stop);
        while (!stoppingToken.IsCancellationRequested)
        {
            HttpListenerContext context;
            try
            {
                context = await listener.GetContextAsync();
            }
            catch (Exception e) when (stoppingToken.IsCancellationRequested && e is HttpListenerException or ObjectDisposedException)
            {
                return;
            }
            await AnswerAsync(context, stoppingToken);
        }
    }

    private async Task AnswerAsync(HttpListenerContext context, CancellationToken cancellationToken)
    {
        using var response = context.Response;
        try
        {
            var (healthy, detail) = await health(cancellationToken);
            response.StatusCode = HealthAnswer.StatusCode(healthy);
            response.ContentType = HealthAnswer.ContentType;
            var body = Encoding.UTF8.GetBytes(HealthAnswer.Body(healthy, detail));
            await response.OutputStream.WriteAsync(body, cancellationToken);
        }
        catch (Exception e) when (e is HttpListenerException or IOException or OperationCanceledException)
        {
            // The prober hung up or the process is stopping; the next probe asks again.
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1901, Level = LogLevel.Information, Message = "metrics and health on {Address} (/metrics, /healthz)")]
        public static partial void Listening(ILogger logger, string address);
    }
}
