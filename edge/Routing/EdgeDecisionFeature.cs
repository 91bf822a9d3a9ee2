namespace Codemason.Edge.Routing;

/// <summary>The routing decision of a request, for the access log and the metrics.</summary>
internal sealed record EdgeDecisionFeature(EdgeDecision Decision)
{
    public string? RouteId => Decision switch
    {
        EdgeDecision.Proxy proxy => proxy.RouteId,
        EdgeDecision.NoReplica noReplica => noReplica.RouteId,
        _ => null,
    };
}
