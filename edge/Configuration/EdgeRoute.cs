namespace Codemason.Edge.Configuration;

/// <summary>One hostname + path prefix, bound to one listening port, served by a set of destinations.</summary>
public sealed record EdgeRoute
{
    /// <summary>Unique id, e.g. <c>dev/shop/web/shop.example.com/api</c>; the YARP route and cluster id.</summary>
    public string Id { get; init; } = "";

    /// <summary>Exact hostname, compared case-insensitively; the port of the Host header is ignored.</summary>
    public string Host { get; init; } = "";

    /// <summary>Path prefix: <c>/</c> matches everything, <c>/api</c> matches <c>/api</c> and <c>/api/x</c>, not <c>/apix</c>.</summary>
    public string Path { get; init; } = "/";

    /// <summary>The listening port a request must arrive on.</summary>
    public int Port { get; init; }

    /// <summary>Whether <see cref="Port"/> is a TLS port; a host with an https route is redirected from http ports.</summary>
    public bool Https { get; init; }

    /// <summary>Session affinity by cookie (YARP's HashCookie policy).</summary>
    public bool Sticky { get; init; }

    public IReadOnlyList<EdgeDestination> Destinations { get; init; } = [];
}
