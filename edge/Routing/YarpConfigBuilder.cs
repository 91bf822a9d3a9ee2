using Codemason.Edge.Configuration;
using Yarp.ReverseProxy.Configuration;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.LoadBalancing;
using Yarp.ReverseProxy.SessionAffinity;

namespace Codemason.Edge.Routing;

/// <summary>
/// Turns the edge's routes into YARP's: one route and one cluster (same id) per edge route. YARP never matches a
/// request itself: <see cref="EdgeRoutingMiddleware"/> sets the endpoint of the route <see cref="EdgeDecider"/> chose,
/// so the matching rules live in one place.
/// </summary>
internal static class YarpConfigBuilder
{
    /// <summary>The session-affinity cookie of sticky routes.</summary>
    public const string AffinityCookieName = "codemason-affinity";

    /// <summary>How long a destination that failed at transport level is left out (passive health check).</summary>
    public static readonly TimeSpan ReactivationPeriod = TimeSpan.FromSeconds(10);

    public static (IReadOnlyList<RouteConfig> Routes, IReadOnlyList<ClusterConfig> Clusters) Build(EdgeConfig config)
    {
        var routes = new List<RouteConfig>(config.Routes.Count);
        var clusters = new List<ClusterConfig>(config.Routes.Count);
        foreach (var route in config.Routes)
        {
            routes.Add(new RouteConfig
            {
                RouteId = route.Id,
                ClusterId = route.Id,
                Match = new RouteMatch { Path = "/{**rest}" },
            });
            clusters.Add(new ClusterConfig
            {
                ClusterId = route.Id,
                // Power of two choices: of two random destinations, the one with fewer requests in flight, so a slow
                // replica gets less; it spreads sequential requests evenly enough (YARP's default too).
                LoadBalancingPolicy = LoadBalancingPolicies.PowerOfTwoChoices,
                HealthCheck = new HealthCheckConfig
                {
                    Passive = new PassiveHealthCheckConfig
                    {
                        Enabled = true,
                        Policy = TransportFailurePolicy.PolicyName,
                        ReactivationPeriod = ReactivationPeriod,
                    },
                    // When every destination failed recently, try them all rather than answer 503.
                    AvailableDestinationsPolicy = HealthCheckConstants.AvailableDestinations.HealthyOrPanic,
                },
                SessionAffinity = route.Sticky
                    ? new SessionAffinityConfig
                    {
                        Enabled = true,
                        // HashCookie holds a hash of the destination id, not a secret-protected value, so a cookie set
                        // by one edge node is understood by every other one and after a restart.
                        Policy = SessionAffinityConstants.Policies.HashCookie,
                        AffinityKeyName = AffinityCookieName,
                        Cookie = new SessionAffinityCookieConfig { HttpOnly = true, Path = "/" },
                    }
                    : null,
                Destinations = route.Destinations.ToDictionary(
                    destination => destination.Id,
                    destination => new DestinationConfig { Address = destination.Address },
                    StringComparer.Ordinal),
            });
        }

        return (routes, clusters);
    }
}
