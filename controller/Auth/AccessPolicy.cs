namespace Codemason.Controller.Auth;

/// <summary>Decides whether a caller may make a call. Pure: the interceptor supplies the method and environment.</summary>
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
            return $"{caller.Describe()} may not call {Call(method)}: it needs the {ApiRoles.Format(permission.MinimumRole)} role";
        }
        if (caller.IsUnscoped)
        {
            return null;
        }
        if (string.IsNullOrEmpty(environment))
        {
            return permission.Listing ? null : $"{caller.Describe()} must name one of its environments to call {Call(method)}";
        }
        return caller.Covers(environment) ? null : $"{caller.Describe()} may not call {Call(method)} in environment \"{environment}\"";
    }

    /// <summary>The rpc's short name ("Scale") of its full method name, for messages only (it allocates).</summary>
    private static string Call(string method) => method[(method.LastIndexOf('/') + 1)..];
}
