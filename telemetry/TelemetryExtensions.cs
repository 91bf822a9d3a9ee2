using System.Diagnostics.CodeAnalysis;
using Codemason.Telemetry.Http;
using Codemason.Telemetry.Metrics;
using Codemason.Telemetry.Tracing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Codemason.Telemetry;

/// <summary>Registers the shared telemetry: the collector behind /metrics, the HTTP server, and OTLP export.</summary>
public static class TelemetryExtensions
{
    /// <summary>The product's meters all start with this.</summary>
    public const string Prefix = "Codemason";

    /// <summary>
    /// Adds the metrics collector; serves <c>/metrics</c> and <c>/healthz</c> on <paramref name="httpAddress"/>
    /// when it is a valid address (the caller's options validation reports one that is not); makes the
    /// <c>Codemason.*</c> activity sources' spans exist (ids for propagation and log scopes); exports metrics and
    /// spans over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set (the standard OpenTelemetry variables
    /// configure the exporter).
    /// </summary>
    public static IServiceCollection AddCodemasonTelemetry(this IServiceCollection services, string serviceName, string? httpAddress,
        Func<IServiceProvider, HealthProbe>? health = null)
    {
        services.AddSingleton(_ => new MetricsCollector(Prefix));
        if (!string.IsNullOrWhiteSpace(httpAddress) && HttpEndpointAddress.TryParse(httpAddress, out var httpEndpoint, out _))
        {
            services.AddSingleton(sp => new TelemetryHttpServer(httpEndpoint, sp.GetRequiredService<MetricsCollector>(),
                health?.Invoke(sp) ?? (_ => Task.FromResult((true, "ok"))), sp.GetRequiredService<ILogger<TelemetryHttpServer>>()));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<TelemetryHttpServer>());
        }
        services.AddSingleton<IHostedService>(_ => new TraceListener(Prefix + "."));
        if (!string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable("OTEL_EXPORTER_OTLP_ENDPOINT")))
        {
            services.AddSingleton(_ => new OtlpExport(serviceName));
            services.AddSingleton<IHostedService>(sp => sp.GetRequiredService<OtlpExport>());
        }
        return services;
    }

    /// <summary>Registers <typeparamref name="T"/> (a class owning instruments) as a singleton, unless already registered, created at start-up.</summary>
    public static IServiceCollection AddInstruments<[DynamicallyAccessedMembers(DynamicallyAccessedMemberTypes.PublicConstructors)] T>(
        this IServiceCollection services)
        where T : class
    {
        services.TryAddSingleton<T>();
        services.AddHostedService<InstrumentsActivator<T>>();
        return services;
    }

    /// <summary>Owns the OpenTelemetry SDK meter and tracer providers for the life of the process.</summary>
    private sealed class OtlpExport(string serviceName) : IHostedService, IDisposable
    {
        private MeterProvider? _meters;
        private TracerProvider? _tracer;

        public Task StartAsync(CancellationToken cancellationToken)
        {
            _meters = Sdk.CreateMeterProviderBuilder()
                .ConfigureResource(r => r.AddService(serviceName))
                .AddMeter(Prefix + ".*")
                .AddOtlpExporter()
                .Build();
            _tracer = Sdk.CreateTracerProviderBuilder()
                .ConfigureResource(r => r.AddService(serviceName))
                .AddSource(Prefix + ".*")
                .AddOtlpExporter()
                .Build();
            return Task.CompletedTask;
        }

        public Task StopAsync(CancellationToken cancellationToken)
        {
            _meters?.ForceFlush(2000);
            _tracer?.ForceFlush(2000);
            return Task.CompletedTask;
        }

        public void Dispose()
        {
            _meters?.Dispose();
            _tracer?.Dispose();
        }
    }
}
