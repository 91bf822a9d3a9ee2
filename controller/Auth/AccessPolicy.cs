namespace Codemason.Controller.Auth;

/// <summary>Decides whether a caller may make a call or git request. Pure: the interceptor (or the git endpoint) supplies the method and environment.</summary>
public static class AccessPolicy
{
    /// <summary>
    /// Null when <paramref name="caller"/> may call <paramref name="method"/> in <paramref name="environment"/>
    /// (null or empty: the request names none); otherwise why not, for the PERMISSION_DENIED message.
    /// </summary>
    public static string? Deny(ApiCaller caller, string method, string? environment)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(method);
        var permission = RpcPermissions.For(method);
        if (caller.Role < permission.MinimumRole)
        {
            return LacksRole(caller, $"call {Call(method)}", permission.MinimumRole);
        }
        if (caller.IsUnscoped)
        {
            return null;
        }
        if (string.IsNullOrEmpty(environment))
        {
            return permission.Listing ? null : $"{caller.Describe()} must name one of its environments to call {Call(method)}";
        }
        return caller.Covers(environment) ? null : OutsideEnvironment(caller, $"call {Call(method)}", environment);
    }

    /// <summary>
    /// Null when <paramref name="caller"/> may do <paramref name="action"/> ("push to app shop"), which needs
    /// <paramref name="minimumRole"/>, in <paramref name="environment"/>; otherwise why not. The rules of
    /// <see cref="Deny(ApiCaller, string, string?)"/> for requests that are no rpc (the git remotes).
    /// </summary>
    public static string? Deny(ApiCaller caller, ApiRole minimumRole, string environment, string action)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentException.ThrowIfNullOrEmpty(environment);
        if (caller.Role < minimumRole)
        {
            return LacksRole(caller, action, minimumRole);
        }
        return caller.Covers(environment) ? null : OutsideEnvironment(caller, action, environment);
    }

    private static string LacksRole(ApiCaller caller, string action, ApiRole minimumRole) =>
        $"{caller.Describe()} may not {action}: it needs the {ApiRoles.Format(minimumRole)} role";

    private static string OutsideEnvironment(ApiCaller caller, string action, string environment) =>
        $"{caller.Describe()} may not {action} in environment \"{environment}\"";

    /// <summary>The rpc's short name ("Scale") of its full method name, for messages only (it allocates).</summary>
    private static string Call(string method) => method[(method.LastIndexOf('/') + 1)..];
}
