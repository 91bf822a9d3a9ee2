using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;

namespace Codemason.Telemetry.Http;

/// <summary>
/// A small HTTP/1.1 server beside the process's main work, for scrapers and probes:
/// <c>GET /healthz</c> (200 "ok" or 503 with the reason) and <c>GET /metrics</c> (the OpenTelemetry SDK's Prometheus exporter, reading <paramref name="meters"/>).
/// It has its own Kestrel instance so it never shares the gRPC port's protocols or authentication.
/// </summary>
public sealed partial class TelemetryHttpServer(
    IPEndPoint endpoint, MeterProvider meters, HealthProbe health, ILogger<TelemetryHttpServer> logger) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    /// <inheritdoc />
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        // RequestDelegate handlers: no delegate inspection by reflection, so the agent's ahead-of-time build serves them too.
        // The process's own provider: this small app has its own services, without the SDK.
        app.UseOpenTelemetryPrometheusScrapingEndpoint(meters, predicate: null, path: "/metrics", configureBranchedPipeline: null, optionsName: null);
        app.MapGet("/healthz", async context =>
        {
            var (healthy, detail) = await health(context.RequestAborted);
            context.Response.StatusCode = HealthAnswer.StatusCode(healthy);
            context.Response.ContentType = HealthAnswer.ContentType;
            await context.Response.WriteAsync(HealthAnswer.Body(healthy, detail), context.RequestAborted);
        });
        await app.StartAsync(cancellationToken);
        _app = app;
        Log.Listening(logger, app.Urls.FirstOrDefault() ?? endpoint.ToString());
    }

    /// <inheritdoc />
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null)
        {
            await _app.StopAsync(cancellationToken);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.DisposeAsync();
            _app = null;
        }
    }

    private static partial class Log
    {
        [LoggerMessage(EventId = 1900, Level = LogLevel.Information, Message = "metrics and health on {Address} (/metrics, /healthz)")]
        public static partial void Listening(ILogger logger, string address);
    }
}

/// <summary>Answers whether the process is healthy, with a reason when it is not.</summary>
public delegate Task<(bool Healthy, string Detail)> HealthProbe(CancellationToken cancellationToken);
