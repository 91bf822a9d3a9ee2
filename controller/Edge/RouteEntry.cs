using System.Globalization;
using Codemason.Mortar.Model;

namespace Codemason.Controller.Edge;

/// <summary>One route of an environment's edges with the replicas that serve it now.</summary>
/// <param name="Owner">The app that declares the route (and owns its hostname).</param>
/// <param name="Spec">The route as mason.json declares it.</param>
/// <param name="Destinations">The running replicas of the target service, by id.</param>
public sealed record RouteEntry(string Owner, RouteSpec Spec, IReadOnlyList<EdgeReplica> Destinations)
{
    /// <summary>The route's key in its environment: <c>host/path:port</c> (one app owns it).</summary>
    public string Id => IdOf(Spec);

    /// <summary>The key of <paramref name="spec"/>: <c>host/path:port</c>.</summary>
    public static string IdOf(RouteSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return string.Create(CultureInfo.InvariantCulture, $"{spec.Host}{spec.Path}:{spec.Port}");
    }
}
