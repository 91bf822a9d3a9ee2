using Codemason.Edge.Configuration;
using Codemason.Edge.Observability;
using Codemason.Edge.Routing;
using Codemason.Edge.Tls;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using OpenTelemetry.Metrics;
using Yarp.ReverseProxy.Health;

namespace Codemason.Edge.Hosting;

/// <summary>Builds the edge process: Kestrel listeners, YARP fed from <c>edge.json</c>, access log and metrics.</summary>
public static partial class EdgeHost
{
    public static WebApplication Build(EdgeOptions options)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.WebHost.UseKestrelHttpsConfiguration();
        // Kestrel's own I/O queues off: its socket work goes to the thread pool directly, one hand-off less per
        // request beside inline socket completions (SocketTuning; docs/benchmarks.md, "Tuning the edge").
        builder.WebHost.UseSockets(sockets => sockets.IOQueueCount = 0);
        builder.Logging.ClearProviders();
        builder.Logging.AddSimpleConsole(console =>
        {
            console.SingleLine = true;
            console.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
            console.UseUtcTimestamp = true;
        });
        // The access log is the per-request output; framework logging only when something is wrong.
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("Codemason.Edge", LogLevel.Information);
        // With this category enabled at any level, ASP.NET starts an Activity per request for log scopes (and the
        // HttpClient under YARP a child one); it logs nothing above Information, so off, and requests make none.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);

        var services = builder.Services;
        services.AddSingleton(options);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton<EdgeListeners>();
        services.AddSingleton<EdgeState>();
        services.AddSingleton<SelfSignedCertificates>();
        services.AddSingleton<TlsCertificateSelector>();
        services.AddSingleton<EdgeMetrics>();
        services.AddSingleton(_ => new AccessLog(AccessLog.OpenStandardOutput()));
        services.AddHostedService<EdgeConfigWatcher>();
        services.AddReverseProxy().LoadFromMemory([], []);
        // YARP registers data protection for its Cookie affinity policy; sticky routes use HashCookie, which needs no
        // secret, so keys stay in memory instead of being written (unencrypted, with a warning) under $HOME.
        services.AddDataProtection().UseEphemeralDataProtectionProvider();
        services.AddSingleton<IPassiveHealthCheckPolicy, TransportFailurePolicy>();
        services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(EdgeMetrics.MeterName, "Microsoft.AspNetCore.Server.Kestrel")
            .AddPrometheusExporter(prometheus => prometheus.ScrapeResponseCacheDurationMilliseconds = 0));

        builder.WebHost.ConfigureKestrel(kestrel => ConfigureListeners(kestrel, options));

        var app = builder.Build();
        app.MapWhen(context => EdgeListeners.KindOf(context) == ListenerKind.Metrics, metrics =>
        {
            metrics.UseOpenTelemetryPrometheusScrapingEndpoint();
            metrics.Run(context =>
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return context.Response.WriteAsync("only /metrics is served here\n");
            });
        });
        app.MapReverseProxy(proxy =>
        {
            proxy.Use(UpstreamErrorMiddleware.InvokeAsync);
            proxy.Use(ConnectRetryMiddleware.InvokeAsync);
            proxy.UseSessionAffinity();
            proxy.UseLoadBalancing();
            proxy.UsePassiveHealthChecks();
        });
        // MapReverseProxy added YARP's endpoint source last.
        var proxyEndpoints = new ProxyEndpoints(((IEndpointRouteBuilder)app).DataSources.Last());
        app.UseMiddleware<AccessLogMiddleware>();
        app.UseMiddleware<EdgeRoutingMiddleware>(proxyEndpoints);
        // Runs the endpoint EdgeRoutingMiddleware set; it matches nothing itself (every request reaching it has one).
        app.UseRouting();
        app.Lifetime.ApplicationStarted.Register(() => LogListening(
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("Codemason.Edge.Hosting.EdgeHost"),
            string.Join(", ", app.Services.GetRequiredService<EdgeListeners>().EndPoints.Select(e => $"{e.Kind.ToString().ToLowerInvariant()} {e.EndPoint}"))));
        return app;
    }

    private static void ConfigureListeners(KestrelServerOptions kestrel, EdgeOptions options)
    {
        kestrel.AddServerHeader = false;
        // A proxy does not cap uploads; the application behind it decides.
        kestrel.Limits.MaxRequestBodySize = null;
        var listeners = kestrel.ApplicationServices.GetRequiredService<EdgeListeners>();
        var tls = kestrel.ApplicationServices.GetRequiredService<TlsCertificateSelector>();
        foreach (var port in options.HttpPorts)
        {
            kestrel.Listen(options.Address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1;
                listeners.Add(ListenerKind.Http, listen);
            });
        }

        foreach (var port in options.HttpsPorts)
        {
            kestrel.Listen(options.Address, port, listen =>
            {
                listen.Protocols = HttpProtocols.Http1AndHttp2;
                listeners.Add(ListenerKind.Https, listen);
                listen.UseHttps(new TlsHandshakeCallbackOptions { OnConnection = tls.OnConnection });
            });
        }

        kestrel.Listen(options.MetricsEndpoint, listen =>
        {
            listen.Protocols = HttpProtocols.Http1;
            listeners.Add(ListenerKind.Metrics, listen);
        });
    }

    [LoggerMessage(EventId = 2000, Level = LogLevel.Information, Message = "Listening: {Listeners}")]
    private static partial void LogListening(ILogger logger, string listeners);
}
