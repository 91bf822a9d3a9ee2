using System.Diagnostics;

namespace Codemason.Telemetry.Tracing;

/// <summary>W3C trace context (<c>traceparent</c>) as carried in gRPC metadata and in assignment sets.</summary>
public static class TraceContext
{
    /// <summary>The gRPC metadata key (and HTTP header) of the W3C trace context.</summary>
    public const string Header = "traceparent";

    /// <summary>Parses a <c>traceparent</c> value; <c>default</c> when it is missing or malformed.</summary>
    public static ActivityContext Parse(string? traceparent) =>
        !string.IsNullOrEmpty(traceparent) && ActivityContext.TryParse(traceparent, null, isRemote: true, out var context) ? context : default;

    /// <summary>The <c>traceparent</c> value of <paramref name="activity"/> (W3C ids only); <c>null</c> without one.</summary>
    public static string? Of(Activity? activity) => activity is { IdFormat: ActivityIdFormat.W3C } ? activity.Id : null;
}
