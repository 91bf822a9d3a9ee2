
namespace Codemason.Edge.Routing;

/// <summary>
/// Decides each request with <see cref="EdgeDecider"/> on the current snapshot and answers it unless it is to be
/// proxied; a proxied request gets the endpoint of its YARP route (<see cref="ProxyEndpoints"/>), which endpoint routing
/// then runs without matching.
/// </summary>
internal sealed class EdgeRoutingMiddleware(RequestDelegate next, EdgeState state, ProxyEndpoints endpoints)
{
    public Task InvokeAsync(HttpContext context)
    {
        var request = new EdgeRequest(
            context.Request.Host.Host,
            context.Connection.LocalPort,
            context.Request.IsHttps,
            context.Request.Path.Value ?? "/",
            context.Request.QueryString.Value ?? "");
        var decision = EdgeDecider.Decide(state.Current, request);
        context.Features.Set(new EdgeDecisionFeature(decision));
        switch (decision)
        {
            case EdgeDecision.Proxy proxy when endpoints.TryGet(proxy.RouteId, out var endpoint):
                context.SetEndpoint(endpoint);
                return next(context);
            case EdgeDecision.Proxy proxy:
                // YARP applies a new configuration through a change token, so for a moment the snapshot can be ahead.
                return Text(context, StatusCodes.Status503ServiceUnavailable, $"route {proxy.RouteId} is being applied; retry\n");
            case EdgeDecision.Redirect redirect:
                context.Response.StatusCode = StatusCodes.Status308PermanentRedirect;
                context.Response.Headers.Location = redirect.Location;
                return Task.CompletedTask;
            case EdgeDecision.Challenge { KeyAuthorization: { } answer }:
                return Text(context, StatusCodes.Status200OK, answer);
            case EdgeDecision.Challenge:
                return Text(context, StatusCodes.Status404NotFound, "no such ACME challenge token\n");
            case EdgeDecision.NoReplica noReplica:
                return Text(context, StatusCodes.Status503ServiceUnavailable, $"no healthy replica of {noReplica.RouteId}\n");
            case EdgeDecision.NotFound notFound:
                return Text(context, StatusCodes.Status404NotFound, $"no route for host '{notFound.Host}' and this path\n");
            default:
                throw new InvalidOperationException($"unknown decision {decision}");
        }
    }

    private static Task Text(HttpContext context, int status, string body)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(body);
    }
}
