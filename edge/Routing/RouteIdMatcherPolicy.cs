using Microsoft.AspNetCore.Routing.Matching;
using Yarp.ReverseProxy.Model;

namespace Codemason.Edge.Routing;

/// <summary>
/// Keeps, of YARP's route endpoints, only the one whose id <see cref="EdgeRoutingMiddleware"/> stored in the
/// request (<see cref="RouteIdKey"/>). Without a stored id no YARP route matches.
/// </summary>
internal sealed class RouteIdMatcherPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    /// <summary>The route metadata key that carries the edge route id.</summary>
    public const string MetadataKey = "codemason.edge.route";

    /// <summary>The <see cref="HttpContext.Items"/> key of the chosen route id.</summary>
    public static readonly object RouteIdKey = new();

    public override int Order => 0;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) =>
        endpoints.Any(endpoint => endpoint.Metadata.GetMetadata<RouteModel>() is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        var chosen = httpContext.Items.TryGetValue(RouteIdKey, out var id) ? id as string : null;
        for (var i = 0; i < candidates.Count; i++)
        {
            var route = candidates[i].Endpoint.Metadata.GetMetadata<RouteModel>();
            if (route is not null
                && (chosen is null || !route.Config.Metadata!.TryGetValue(MetadataKey, out var routeId) || routeId != chosen))
            {
                candidates.SetValidity(i, false);
            }
        }

        return Task.CompletedTask;
    }
}
