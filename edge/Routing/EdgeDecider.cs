using System.Globalization;
using Codemason.Edge.Configuration;

namespace Codemason.Edge.Routing;

/// <summary>
/// The routing rules, as a pure function of a snapshot and a request:
/// <list type="number">
/// <item>On a cleartext port, <c>/.well-known/acme-challenge/{token}</c> is answered from the challenges.</item>
/// <item>On a cleartext port, a host that has any https route is redirected (308) to it.</item>
/// <item>Otherwise the route of the host (exact, case-insensitive) bound to this port and scheme with the longest
/// matching path prefix serves the request; none is a 404, one without destinations a 503.</item>
/// </list>
/// </summary>
internal static class EdgeDecider
{
    public const string ChallengePrefix = "/.well-known/acme-challenge/";

    public static EdgeDecision Decide(EdgeSnapshot snapshot, EdgeRequest request)
    {
        if (!request.IsHttps && request.Path.StartsWith(ChallengePrefix, StringComparison.Ordinal))
        {
            var token = request.Path[ChallengePrefix.Length..];
            return new EdgeDecision.Challenge(snapshot.Challenges.GetValueOrDefault(token));
        }

        if (!snapshot.RoutesByHost.TryGetValue(request.Host, out var routes))
        {
            return new EdgeDecision.NotFound(request.Host);
        }

        if (!request.IsHttps && RedirectTarget(routes, request.Path) is { } target)
        {
            var port = target.Port == 443 ? "" : ":" + target.Port.ToString(CultureInfo.InvariantCulture);
            return new EdgeDecision.Redirect($"https://{request.Host.ToLowerInvariant()}{port}{request.Path}{request.Query}");
        }

        foreach (var route in routes)
        {
            if (route.Port == request.LocalPort && route.Https == request.IsHttps
                && PathPrefix.Matches(route.Path, request.Path))
            {
                return route.Destinations.Count == 0 ? new EdgeDecision.NoReplica(route.Id) : new EdgeDecision.Proxy(route.Id);
            }
        }

        return new EdgeDecision.NotFound(request.Host);
    }

    /// <summary>The https route to redirect to: the longest prefix matching the path, else the one on 443, else the lowest port.</summary>
    private static EdgeRoute? RedirectTarget(EdgeRoute[] routes, string path)
    {
        EdgeRoute? fallback = null;
        foreach (var route in routes)
        {
            if (!route.Https)
            {
                continue;
            }

            if (PathPrefix.Matches(route.Path, path))
            {
                return route;
            }

            if (fallback is null || (fallback.Port != 443 && (route.Port == 443 || route.Port < fallback.Port)))
            {
                fallback = route;
            }
        }

        return fallback;
    }
}
