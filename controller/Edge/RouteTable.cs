namespace Codemason.Controller.Edge;

/// <summary>
/// Turns an environment's declared routes and running replicas into what its edges serve (pure): each route with the
/// running replicas of its target service. A route whose key (<c>host/path:port</c>) an app earlier in name order
/// already declares is left out (the apply refuses such a claim; this only guards rows written before the check).
/// Routes are sorted by key and destinations by replica id, so equal inputs give equal tables.
/// </summary>
public static class RouteTable
{
    /// <summary>The routes of <paramref name="snapshot"/>, each with its destinations.</summary>
    public static IReadOnlyList<RouteEntry> Build(EdgeSnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var running = snapshot.Replicas
            .GroupBy(r => (r.App, r.Service))
            .ToDictionary(g => g.Key, g => (IReadOnlyList<EdgeReplica>)[.. g.OrderBy(r => r.Id, StringComparer.Ordinal)]);
        var routes = new SortedDictionary<string, RouteEntry>(StringComparer.Ordinal);
        foreach (var app in snapshot.Apps.OrderBy(a => a.App, StringComparer.Ordinal))
        {
            foreach (var spec in app.Routes)
            {
                var id = RouteEntry.IdOf(spec);
                if (!routes.ContainsKey(id))
                {
                    routes.Add(id, new RouteEntry(app.App, spec,
                        running.GetValueOrDefault((spec.TargetApp.Value, spec.TargetService.Value)) ?? []));
                }
            }
        }
        return [.. routes.Values];
    }
}
