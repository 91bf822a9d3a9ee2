using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Model;

namespace Codemason.Edge.Routing;

/// <summary>
/// In YARP's pipeline, before load balancing: a request whose connection to a replica could not be made (refused or
/// unreachable) is sent again, to another replica of the route when there is one (a replica that has just gone, or not
/// started listening yet), else to the same one after a pause, up to <see cref="MaxAttempts"/> times. Nothing of the request reached the replica, so this is
/// safe for any method; requests with a body are not replayed (the body may have been read). As HAProxy's
/// <c>retries</c> with <c>redispatch</c>.
/// </summary>
internal static class ConnectRetryMiddleware
{
    /// <summary>Attempts per request, the first included.</summary>
    public const int MaxAttempts = 3;

    /// <summary>The pause before trying the only replica of a route again.</summary>
    public static readonly TimeSpan Pause = TimeSpan.FromMilliseconds(200);

    public static async Task InvokeAsync(HttpContext context, Func<Task> next)
    {
        var proxy = context.GetReverseProxyFeature();
        var candidates = proxy.AvailableDestinations;
        List<DestinationState>? failed = null;
        for (var attempt = 1; ; attempt++)
        {
            await next().ConfigureAwait(false);
            if (attempt >= MaxAttempts || !ConnectFailed(context) || context.Response.HasStarted || HasBody(context.Request)
                || context.RequestAborted.IsCancellationRequested)
            {
                return;
            }
            if (proxy.ProxiedDestination is { } destination)
            {
                (failed ??= []).Add(destination);
            }
            var others = candidates.Where(d => failed is null || !failed.Contains(d)).ToList();
            if (others.Count == 0)
            {
                await Task.Delay(Pause * attempt, context.RequestAborted).ConfigureAwait(false);
            }
            proxy.AvailableDestinations = others.Count > 0 ? others : candidates;
            context.Features.Set<IForwarderErrorFeature?>(null);
            context.Response.Clear();
        }
    }

    /// <summary>Whether forwarding failed while connecting, before any byte of the request was sent.</summary>
    private static bool ConnectFailed(HttpContext context) =>
        context.Features.Get<IForwarderErrorFeature>() is { Error: ForwarderError.Request, Exception: HttpRequestException exception }
        && exception.HttpRequestError == HttpRequestError.ConnectionError;

    private static bool HasBody(HttpRequest request) =>
        request.ContentLength > 0 || request.Headers.TransferEncoding.Count > 0;
}
