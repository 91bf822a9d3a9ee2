using System.Collections.Frozen;
using Yarp.ReverseProxy.Model;

namespace Codemason.Edge.Routing;

/// <summary>
/// YARP's route endpoints by route id. <see cref="EdgeRoutingMiddleware"/> sets the endpoint of the route
/// <see cref="EdgeDecider"/> chose, so endpoint routing skips matching (it does when an endpoint is already set): a
/// request costs one dictionary lookup instead of a match against every YARP route (measured in docs/benchmarks.md,
/// "Tuning the edge"). The map is rebuilt when YARP publishes a new endpoint list (a configuration it applied).
/// </summary>
internal sealed class ProxyEndpoints(EndpointDataSource proxySource)
{
    private volatile Compiled _compiled = new([], FrozenDictionary<string, Endpoint>.Empty);

    public bool TryGet(string routeId, [System.Diagnostics.CodeAnalysis.NotNullWhen(true)] out Endpoint? endpoint)
    {
        var endpoints = proxySource.Endpoints;
        var compiled = _compiled;
        if (!ReferenceEquals(compiled.Source, endpoints))
        {
            compiled = new Compiled(endpoints, endpoints
                .Select(e => (Endpoint: e, Route: e.Metadata.GetMetadata<RouteModel>()))
                .Where(e => e.Route is not null)
                .ToFrozenDictionary(e => e.Route!.Config.RouteId, e => e.Endpoint, StringComparer.Ordinal));
            _compiled = compiled;
        }

        return compiled.ByRouteId.TryGetValue(routeId, out endpoint);
    }

    private sealed record Compiled(IReadOnlyList<Endpoint> Source, FrozenDictionary<string, Endpoint> ByRouteId);
}
