using System.Diagnostics.CodeAnalysis;
using System.Diagnostics.Metrics;
using Codemason.Telemetry.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Codemason.Telemetry;

/// <summary>
/// Registers the shared telemetry: the OpenTelemetry SDK's meter and tracer providers for the <c>Codemason.*</c>
/// meters and activity sources, its Prometheus exporter behind <c>/metrics</c>, and OTLP export.
/// </summary>
public static class TelemetryExtensions
{
    /// <summary>The product's meters and activity sources all start with this.</summary>
    public const string Prefix = "Codemason";

    /// <summary>The environment variable (and configuration key) whose presence turns OTLP export on.</summary>
    public const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Histogram bounds of the product's <c>s</c> histograms that give no advice of their own: the SDK's default
    /// bounds (0 to 10,000) suit milliseconds, and these durations are seconds.
    /// </summary>
    public static readonly IReadOnlyList<double> SecondsBounds = [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

    /// <summary>
    /// For a process that hosts ASP.NET Core (the controller): the OpenTelemetry SDK (<see cref="AddCodemasonOpenTelemetry"/>),
    /// and <c>/metrics</c> (the SDK's ASP.NET Core Prometheus exporter) with <c>/healthz</c> on a small Kestrel server of
    /// their own at <paramref name="httpAddress"/> when it is a valid address (the caller's options validation reports one
    /// that is not).
    /// </summary>
    public static IServiceCollection AddCodemasonTelemetry(this IServiceCollection services, string serviceName, string? httpAddress,
        Func<IServiceProvider, HealthProbe>? health = null)
    {
        if (!TryParse(httpAddress, out var endpoint))
        {
            return services.AddCodemasonOpenTelemetry(serviceName);
        }
        services.AddCodemasonOpenTelemetry(serviceName, metrics => metrics.AddPrometheusExporter());
        services.AddSingleton(sp => new TelemetryHttpServer(endpoint, sp.GetRequiredService<MeterProvider>(),
            Probe(sp, health), sp.GetRequiredService<ILogger<TelemetryHttpServer>>()));
        services.AddHostedService(sp => sp.GetRequiredService<TelemetryHttpServer>());
        return services;
    }

    /// <summary>
    /// For a process without ASP.NET Core (the agent): the OpenTelemetry SDK (<see cref="AddCodemasonOpenTelemetry"/>),
    /// and <c>/metrics</c> (the SDK's HttpListener Prometheus exporter) with <c>/healthz</c> (<see cref="HealthHttpListener"/>)
    /// on <paramref name="httpAddress"/> when it is a valid address with a port. No Kestrel: measured in
    /// docs/dependencies.md, this keeps the agent's ahead-of-time binary 3.3 MB smaller and its idle memory ~8 MB lower.
    /// </summary>
    public static IServiceCollection AddCodemasonTelemetryOnHttpListener(this IServiceCollection services, string serviceName, string? httpAddress,
        Func<IServiceProvider, HealthProbe>? health = null)
    {
        if (!TryParse(httpAddress, out var endpoint))
        {
            return services.AddCodemasonOpenTelemetry(serviceName);
        }
        services.AddCodemasonOpenTelemetry(serviceName, metrics => metrics.AddPrometheusHttpListener(listener =>
        {
            listener.Host = endpoint.Address.ToString();
            listener.Port = endpoint.Port;
        }));
        services.AddHostedService(sp => new HealthHttpListener(endpoint, Probe(sp, health), sp.GetRequiredService<ILogger<HealthHttpListener>>()));
        return services;
    }

    /// <summary>
    /// The OpenTelemetry SDK as its samples wire it (<c>AddOpenTelemetry().WithMetrics(...).WithTracing(...)</c>) for the
    /// <c>Codemason.*</c> meters and activity sources, exported over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set
    /// (the standard OpenTelemetry variables configure the exporter). Spans are created whether or not they are exported,
    /// so trace ids propagate and appear in log scopes.
    /// </summary>
    public static IServiceCollection AddCodemasonOpenTelemetry(this IServiceCollection services, string serviceName,
        Action<MeterProviderBuilder>? metricsExport = null)
    {
        var otlp = !string.IsNullOrWhiteSpace(System.Environment.GetEnvironmentVariable(OtlpEndpointVariable));
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(serviceName))
            .WithMetrics(metrics =>
            {
                metrics.AddMeter(Prefix + ".*").AddView(SecondsHistogram);
                metricsExport?.Invoke(metrics);
                if (otlp)
                {
                    metrics.AddOtlpExporter();
                }
            })
            .WithTracing(tracing =>
            {
                tracing.AddSource(Prefix + ".*");
                if (otlp)
                {
                    tracing.AddOtlpExporter();
                }
            });
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

    private static bool TryParse(string? httpAddress, [NotNullWhen(true)] out System.Net.IPEndPoint? endpoint)
    {
        endpoint = null;
        return !string.IsNullOrWhiteSpace(httpAddress) && HttpEndpointAddress.TryParse(httpAddress, out endpoint, out _);
    }

    private static HealthProbe Probe(IServiceProvider services, Func<IServiceProvider, HealthProbe>? health) =>
        health?.Invoke(services) ?? (_ => Task.FromResult((true, "ok")));

    /// <summary>The product's second-valued histograms without bucket advice get <see cref="SecondsBounds"/>; the rest keep their defaults.</summary>
    private static MetricStreamConfiguration? SecondsHistogram(Instrument instrument) =>
        instrument is Histogram<double> { Unit: "s", Advice: null or { HistogramBucketBoundaries: null } } && instrument.Meter.Name.StartsWith(Prefix, StringComparison.Ordinal)
            ? new ExplicitBucketHistogramConfiguration { Boundaries = [.. SecondsBounds] }
            : null;
}
