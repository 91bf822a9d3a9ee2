namespace Codemason.Controller.Reconcile;

/// <summary>
/// A key of the controller's work queue: one app of an environment, or every app of it (<see cref="App"/> null)
/// when what changed is shared by all of them (a node joined, went Down, was drained or removed; the resync).
/// </summary>
/// <param name="Environment">The environment whose placement is reconciled.</param>
/// <param name="App">The app; null for every app of the environment.</param>
public readonly record struct ReconcileTarget(string Environment, string? App)
{
    /// <summary>Every app of <paramref name="environment"/>.</summary>
    public static ReconcileTarget ForEnvironment(string environment) => new(environment, null);

    /// <summary>One app.</summary>
    public static ReconcileTarget ForApp(AppKey app) => new(app.Environment, app.App);

    public override string ToString() => App is null ? $"{Environment}/*" : $"{Environment}/{App}";
}
