namespace Codemason.Controller.Registry;

/// <summary>
/// Decides what a registry token grants. Pure. A repository's first path segment is its environment
/// (<c>&lt;environment&gt;/&lt;app&gt;/&lt;service&gt;</c>); what the caller may not do is left out, not refused, because
/// that is how registries answer: the registry then says "denied" or "unauthorized" to the push or pull.
/// </summary>
public static class RegistryAccessPolicy
{
    /// <summary>
    /// The access entries to put in the token: each requested repository the caller covers, with the requested actions it
    /// may do (entries left with none are dropped). <c>registry:catalog:*</c> only for an unscoped caller.
    /// </summary>
    public static IReadOnlyList<RegistryAccess> Grant(RegistryCaller caller, IEnumerable<RegistryAccess> requested)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(requested);
        var granted = new List<RegistryAccess>();
        foreach (var request in requested)
        {
            if (!Covers(caller, request))
            {
                continue;
            }
            var actions = request.Actions.Where(a => caller.Actions.Contains(a, StringComparer.Ordinal)).Distinct(StringComparer.Ordinal).ToArray();
            if (actions.Length > 0)
            {
                granted.Add(request with { Actions = actions });
            }
        }
        return granted;
    }

    /// <summary>The environment of a repository name: its first segment; null when the name has fewer than two segments.</summary>
    public static string? EnvironmentOf(string repository)
    {
        ArgumentNullException.ThrowIfNull(repository);
        var slash = repository.IndexOf('/', StringComparison.Ordinal);
        return slash <= 0 || slash == repository.Length - 1 ? null : repository[..slash];
    }

    private static bool Covers(RegistryCaller caller, RegistryAccess request)
    {
        if (caller.Unscoped)
        {
            return true;
        }
        return string.Equals(request.Type, RegistryAccess.Repository, StringComparison.Ordinal)
            && EnvironmentOf(request.Name) is { } environment
            && caller.Environments.Contains(environment)
            && (caller.App is null || request.Name.StartsWith($"{environment}/{caller.App}/", StringComparison.Ordinal));
    }
}
