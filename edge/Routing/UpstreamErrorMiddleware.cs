using Yarp.ReverseProxy.Forwarder;

namespace Codemason.Edge.Routing;

/// <summary>
/// In YARP's pipeline: when forwarding failed before a response started (YARP set 502 or 504 with no body), writes a
/// one-line text body naming the route.
/// </summary>
internal static class UpstreamErrorMiddleware
{
    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        await next().ConfigureAwait(false);
        var error = context.Features.Get<IForwarderErrorFeature>();
        if (error is null || context.Response.HasStarted || context.Response.StatusCode < 500)
        {
            return;
        }

        var route = context.GetReverseProxyFeature().Route.Config.RouteId;
        var destination = context.GetReverseProxyFeature().ProxiedDestination?.DestinationId ?? "-";
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync($"upstream of {route} failed ({destination}: {error.Error})\n").ConfigureAwait(false);
    }
}
