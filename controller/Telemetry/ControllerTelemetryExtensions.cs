using Codemason.Controller.Hosting;
using Codemason.Controller.Store;
using Codemason.Telemetry;

namespace Codemason.Controller.Telemetry;

/// <summary>Metrics, health and OTLP export of the controller.</summary>
public static class ControllerTelemetryExtensions
{
    /// <summary>
    /// Registers <see cref="ControllerMetrics"/>; serves <c>/metrics</c> and <c>/healthz</c> over HTTP/1.1 on
    /// <c>--metrics-listen</c> when given (healthy while the store answers); OTLP export when
    /// <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set.
    /// </summary>
    public static IHostApplicationBuilder AddControllerTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        // Registered by AddControllerApi; created at start so its gauges exist before the first scrape.
        builder.Services.AddInstruments<ControllerMetrics>();
        var address = builder.Configuration[$"{ControllerOptions.SectionName}:{nameof(ControllerOptions.MetricsListen)}"];
        builder.Services.AddCodemasonTelemetry("codemason-controller", address, sp =>
        {
            var store = sp.GetRequiredService<IEnvironmentStore>();
            return async cancellationToken =>
            {
                try
                {
                    await store.ListEnvironmentsAsync(cancellationToken);
                    return (true, "ok");
                }
                catch (Exception e) when (e is not OperationCanceledException)
                {
                    return (false, "the store does not answer: " + e.Message);
                }
            };
        });
        return builder;
    }
}
