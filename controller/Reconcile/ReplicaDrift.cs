using Codemason.Controller.Store;

namespace Codemason.Controller.Reconcile;

/// <summary>
/// Finds the apps whose replica rows no longer match their current revision: a row missing, one too many, or one
/// carrying another spec hash. Commits keep them in step, so only a hand edit of the database (or a bug) gets
/// here; the reconcile loop then has the store rewrite them. Pure, and cheap enough for every pass: no id is
/// formatted, each row is checked against its service's scale and hash, and the rows of each app are counted.
/// </summary>
public static class ReplicaDrift
{
    /// <summary>The apps of <paramref name="apps"/> (null = every app of the snapshot) that are out of step, sorted.</summary>
    public static IReadOnlyList<string> AppsOutOfStep(PlacementSnapshot snapshot, IReadOnlySet<string>? apps)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var services = new Dictionary<(string App, string Service), DesiredService>();
        var expected = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var service in snapshot.Services.Where(s => apps is null || apps.Contains(s.App)))
        {
            services[(service.App, service.Name)] = service;
            expected[service.App] = expected.GetValueOrDefault(service.App) + service.Scale;
        }
        var counted = new Dictionary<string, int>(StringComparer.Ordinal);
        var outOfStep = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var replica in snapshot.Replicas.Where(r => apps is null || apps.Contains(r.Id.App.App)))
        {
            var app = replica.Id.App.App;
            counted[app] = counted.GetValueOrDefault(app) + 1;
            // Ids count from 1: only the upper bound can be broken.
            if (!services.TryGetValue((app, replica.Id.Service), out var service)
                || replica.Id.Index > service.Scale || replica.SpecHash != service.SpecHash)
            {
                outOfStep.Add(app);
            }
        }
        // Rows are unique by id, and every row passed is one of 1..scale of its service: equal counts mean all are there.
        foreach (var app in expected.Keys.Union(counted.Keys))
        {
            if (expected.GetValueOrDefault(app) != counted.GetValueOrDefault(app))
            {
                outOfStep.Add(app);
            }
        }
        return [.. outOfStep];
    }
}
