namespace Codemason.Agent.Reconciliation;

/// <summary>
/// The reconcile decision for an app's node-level resources (network, named volumes). Pure.
/// </summary>
public static class AppPlanner
{
    /// <param name="app">The app.</param>
    /// <param name="hasDesiredReplicas">Whether any replica of the app is assigned to this node.</param>
    /// <param name="deleted">Whether the app was deleted (only then do its named volumes go).</param>
    /// <param name="networkExists">Whether the app's network exists on the engine.</param>
    /// <param name="volumes">Named volumes of the app on the engine.</param>
    /// <param name="containerCount">Managed containers of the app still on the engine.</param>
    public static IReadOnlyList<ReplicaAction> Plan(
        AppKey app, bool hasDesiredReplicas, bool deleted, bool networkExists, IReadOnlyList<string> volumes, int containerCount)
    {
        if (hasDesiredReplicas || containerCount > 0)
        {
            // Replica plans ensure what they need; nothing can go while containers use it.
            return [];
        }
        var actions = new List<ReplicaAction>();
        if (networkExists)
        {
            actions.Add(new RemoveNetwork(app));
        }
        if (deleted)
        {
            actions.AddRange(volumes.Order(StringComparer.Ordinal).Select(v => new RemoveVolume(app, v)));
        }
        return actions;
    }
}
