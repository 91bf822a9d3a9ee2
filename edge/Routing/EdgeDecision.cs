namespace Codemason.Edge.Routing;

/// <summary>What the edge does with a request, decided before YARP sees it.</summary>
internal abstract record EdgeDecision
{
    /// <summary>Forward through YARP's route (and cluster) <paramref name="RouteId"/>.</summary>
    public sealed record Proxy(string RouteId) : EdgeDecision;

    /// <summary>308 to <paramref name="Location"/> (http port, host served over https).</summary>
    public sealed record Redirect(string Location) : EdgeDecision;

    /// <summary>An ACME HTTP-01 answer (200) or, when <paramref name="KeyAuthorization"/> is null, 404.</summary>
    public sealed record Challenge(string? KeyAuthorization) : EdgeDecision;

    /// <summary>404: no route for the host and path on this port.</summary>
    public sealed record NotFound(string Host) : EdgeDecision;

    /// <summary>503: the route has no destination.</summary>
    public sealed record NoReplica(string RouteId) : EdgeDecision;
}
