using Yarp.ReverseProxy.Configuration;

namespace Codemason.Edge.Routing;

/// <summary>
/// The configuration being served. <see cref="Apply"/> hands YARP its new routes and clusters (YARP swaps them while
/// open connections and requests go on) and then publishes the snapshot that routing and TLS read.
/// </summary>
internal sealed class EdgeState(InMemoryConfigProvider proxyConfig, TimeProvider time)
{
    private volatile EdgeSnapshot _current = EdgeSnapshot.Empty;
    private DateTimeOffset? _appliedAt;

    public EdgeSnapshot Current => _current;

    /// <summary>When <see cref="Current"/> was applied; null before the first file.</summary>
    public DateTimeOffset? AppliedAt => _appliedAt;

    public void Apply(EdgeSnapshot snapshot)
    {
        var (routes, clusters) = YarpConfigBuilder.Build(snapshot.Config);
        // YARP first: a request routed by the new snapshot must find its YARP route.
        proxyConfig.Update(routes, clusters);
        _appliedAt = time.GetUtcNow();
        _current = snapshot;
    }
}
