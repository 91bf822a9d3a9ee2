using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;

namespace Codemason.Telemetry.Logging;

/// <summary>
/// Console logs of the controller and the agent: one line per message for a person at a terminal, JSON lines otherwise
/// (a service manager, a container runtime, a log shipper). Both carry the scopes — the callers open {Node, App, Replica},
/// {Environment, App}, {Node, Environment} — and, inside a span, {TraceId, SpanId, ParentId}.
/// </summary>
public static class ConsoleLoggingExtensions
{
    /// <summary>Replaces the default providers with the console format above; framework categories log warnings and up.</summary>
    public static IHostApplicationBuilder AddCodemasonConsoleLogging(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Logging.ClearProviders();
        builder.Logging.Configure(o => o.ActivityTrackingOptions =
            ActivityTrackingOptions.TraceId | ActivityTrackingOptions.SpanId | ActivityTrackingOptions.ParentId);
        if (Console.IsOutputRedirected)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
                o.UseUtcTimestamp = true;
                // Log lines are read by people and log tools, not put in web pages: keep ' + < > as they are.
                o.JsonWriterOptions = new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
            });
        }
        else
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.SingleLine = true;
                o.IncludeScopes = true;
                o.TimestampFormat = "HH:mm:ss.fff ";
                o.ColorBehavior = LoggerColorBehavior.Default;
            });
        }
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        return builder;
    }
}
