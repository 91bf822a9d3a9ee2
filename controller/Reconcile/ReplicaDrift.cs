using Codemason.Controller.Store;

namespace Codemason.Controller.Reconcile;

/// <summary>
/// Finds the apps whose replica rows no longer match their current revision: a row missing, one too many, or one
/// carrying another spec hash. Commits keep them in step, so only a hand edit of the database (or a bug) gets
/// here; the reconcile loop then has the store rewrite them. Pure.
/// </summary>
public static class ReplicaDrift
{
    /// <summary>The apps of <paramref name="apps"/> (null = every app of the snapshot) that are out of step, sorted.</summary>
    public static IReadOnlyList<string> AppsOutOfStep(PlacementSnapshot snapshot, IReadOnlySet<string>? apps)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var desired = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var service in snapshot.Services.Where(s => apps is null || apps.Contains(s.App)))
        {
            var hashes = Rows(desired, service.App);
            for (var index = 1; index <= service.Scale; index++)
            {
                hashes[ReplicaId.For(new AppKey(snapshot.Environment, service.App), service.Name, index).Value] = service.SpecHash;
            }
        }
        var actual = new Dictionary<string, Dictionary<string, string>>(StringComparer.Ordinal);
        foreach (var replica in snapshot.Replicas.Where(r => apps is null || apps.Contains(r.App)))
        {
            Rows(actual, replica.App)[replica.Id.Value] = replica.SpecHash;
        }
        return [.. desired.Keys.Union(actual.Keys)
            .Where(app => !Same(desired.GetValueOrDefault(app), actual.GetValueOrDefault(app)))
            .Order(StringComparer.Ordinal)];
    }

    private static Dictionary<string, string> Rows(Dictionary<string, Dictionary<string, string>> byApp, string app)
    {
        if (!byApp.TryGetValue(app, out var rows))
        {
            rows = new Dictionary<string, string>(StringComparer.Ordinal);
            byApp.Add(app, rows);
        }
        return rows;
    }

    private static bool Same(Dictionary<string, string>? desired, Dictionary<string, string>? actual) =>
        (desired?.Count ?? 0) == (actual?.Count ?? 0)
        && (desired is null || desired.All(d => actual!.TryGetValue(d.Key, out var hash) && hash == d.Value));
}
