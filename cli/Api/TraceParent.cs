using System.Diagnostics;

namespace Codemason.Cli.Api;

/// <summary>
/// The W3C trace context (<c>traceparent</c>) each call to the controller carries, so an apply can be followed
/// through the controller to the agents. A call starts a new trace, or joins the one in the <c>TRACEPARENT</c>
/// environment variable (a CI pipeline's), as a new span of it.
/// </summary>
internal static class TraceParent
{
    /// <summary>The gRPC metadata key.</summary>
    public const string Header = "traceparent";

    /// <summary>A <c>traceparent</c> value for one call.</summary>
    public static string ForCall()
    {
        var outer = System.Environment.GetEnvironmentVariable("TRACEPARENT");
        var traceId = !string.IsNullOrEmpty(outer) && ActivityContext.TryParse(outer, null, out var context)
            ? context.TraceId
            : ActivityTraceId.CreateRandom();
        return $"00-{traceId.ToHexString()}-{ActivitySpanId.CreateRandom().ToHexString()}-01";
    }
}
