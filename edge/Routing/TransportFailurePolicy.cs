using Yarp.ReverseProxy.Forwarder;
using Yarp.ReverseProxy.Health;
using Yarp.ReverseProxy.Model;

namespace Codemason.Edge.Routing;

/// <summary>
/// Passive health: a destination that failed at transport level (connect, send, no response headers, timeout) is
/// left out for the cluster's reactivation period, from its first failure. YARP's TransportFailureRate policy waits
/// for a minimum of requests in a window first, which a replica that just died would keep failing meanwhile.
/// </summary>
internal sealed class TransportFailurePolicy(IDestinationHealthUpdater health) : IPassiveHealthCheckPolicy
{
    public const string PolicyName = "CodemasonTransportFailure";

    public string Name => PolicyName;

    public void RequestProxied(HttpContext context, ClusterState cluster, DestinationState destination)
    {
        var error = context.Features.Get<IForwarderErrorFeature>()?.Error;
        if (error is ForwarderError.Request or ForwarderError.RequestTimedOut or ForwarderError.UpgradeRequestDestination)
        {
            var period = cluster.Model.Config.HealthCheck?.Passive?.ReactivationPeriod ?? YarpConfigBuilder.ReactivationPeriod;
            health.SetPassive(cluster, destination, DestinationHealth.Unhealthy, period);
        }
    }
}
