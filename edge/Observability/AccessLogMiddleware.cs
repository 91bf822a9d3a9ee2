using Codemason.Edge.Routing;
using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Codemason.Edge.Observability;

/// <summary>The outermost middleware of proxied ports: times each request, then writes its access-log line and metrics.</summary>
internal sealed class AccessLogMiddleware(RequestDelegate next, AccessLog log, EdgeMetrics metrics, TimeProvider time)
{
    public async Task InvokeAsync(HttpContext context)
    {
        var started = time.GetTimestamp();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            var duration = time.GetElapsedTime(started);
            var route = context.Features.Get<EdgeDecisionFeature>()?.RouteId;
            var destination = context.Features.Get<IReverseProxyFeature>()?.ProxiedDestination?.DestinationId;
            var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
            var status = context.Response.StatusCode;
            metrics.RequestDone(route, status, duration, error is null or ForwarderError.None ? null : error.ToString());
            log.Write(AccessLog.Format(
                time.GetUtcNow(), context.Request.Host.Host, context.Request.Method, context.Request.Path.Value ?? "/", status, duration, route, destination));
        }
    }
}
