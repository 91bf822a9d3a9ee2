using Microsoft.Extensions.Logging.Console;

namespace Codemason.Controller.Telemetry;

/// <summary>
/// The controller's console logs carry their scopes — an apply logs within {Environment, App}, an agent session
/// (dispatch, acks) within {Node, Environment} — and, inside a span, {TraceId, SpanId, ParentId}.
/// </summary>
public static class ControllerLoggingExtensions
{
    public static IHostApplicationBuilder AddControllerLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        builder.Services.Configure<SimpleConsoleFormatterOptions>(o => o.IncludeScopes = true);
        builder.Services.Configure<JsonConsoleFormatterOptions>(o => o.IncludeScopes = true);
        return builder;
    }
}
