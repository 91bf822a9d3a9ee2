namespace Codemason.Edge.Routing;

/// <summary>
/// After endpoint routing: a request the decider sent to a route that YARP has not taken up yet (it applies a new
/// configuration through a change token, so for a moment the snapshot can be ahead of it) gets a 503 that says so
/// instead of an empty 404.
/// </summary>
internal static class PendingRouteMiddleware
{
    public static Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (context.GetEndpoint() is null && context.Features.Get<EdgeDecisionFeature>()?.Decision is EdgeDecision.Proxy proxy)
        {
            context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            context.Response.ContentType = "text/plain; charset=utf-8";
            return context.Response.WriteAsync($"route {proxy.RouteId} is being applied; retry\n");
        }

        return next(context);
    }
}
