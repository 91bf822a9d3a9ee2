namespace Codemason.Identity;

/// <summary>
/// What an environment lets its containers do to the server they run on (docs/security.md). By default: no privileged
/// containers and no host bind mounts outside the app's own directory (<c>/srv/codemason/apps/APP</c>, where relative
/// binds such as <c>./data</c> resolve). An admin allows privileged containers and bind paths per environment; the
/// Docker socket (or a directory holding it) is never allowed, whatever the policy says: it is root on the server.
/// Pure: the controller checks it at apply, and the agent again before it creates a container.
/// </summary>
/// <param name="Environment">The environment, for messages.</param>
/// <param name="AllowPrivileged">Whether privileged containers may run.</param>
/// <param name="AllowedBindPaths">Absolute host directories (or files) that may be bind-mounted, with everything under them.</param>
public sealed record HostPolicyRules(string Environment, bool AllowPrivileged, IReadOnlyList<string> AllowedBindPaths)
{
    /// <summary>Where each app's relative bind mounts resolve: <c>/srv/codemason/apps/APP</c>.</summary>
    public const string AppDirectoryRoot = "/srv/codemason/apps";

    private static readonly string[] DockerSockets = ["/var/run/docker.sock", "/run/docker.sock"];

    /// <summary>The default policy of <paramref name="environment"/>: nothing beyond the app's directory.</summary>
    public static HostPolicyRules Default(string environment) => new(environment, false, []);

    /// <summary>Null when a privileged container may run; otherwise why not and what to do.</summary>
    public string? RefusePrivileged() => AllowPrivileged
        ? null
        : $"privileged containers are not allowed in environment \"{Environment}\" (they are root on the server); an admin can allow them with: mason env policy {Environment} --allow-privileged";

    /// <summary>Null when <paramref name="hostPath"/> may be bind-mounted into a container of <paramref name="app"/>; otherwise why not.</summary>
    public string? RefuseBind(string hostPath, string app)
    {
        ArgumentNullException.ThrowIfNull(hostPath);
        ArgumentNullException.ThrowIfNull(app);
        if (Normalise(hostPath) is not { } path)
        {
            return $"host path \"{hostPath}\" must be absolute";
        }
        if (DockerSockets.Any(socket => IsUnder(socket, path)))
        {
            return $"host path \"{path}\" would give the container the Docker engine's socket (root on the server); it is never allowed";
        }
        if (IsUnder(path, $"{AppDirectoryRoot}/{app}") || AllowedBindPaths.Any(allowed => Normalise(allowed) is { } root && IsUnder(path, root)))
        {
            return null;
        }
        var allowedList = AllowedBindPaths.Count == 0 ? "none besides the app's directory" : string.Join(", ", AllowedBindPaths);
        return $"host path \"{path}\" is not allowed in environment \"{Environment}\" (allowed: {allowedList}); an admin can allow it with: mason env policy {Environment} --allow-bind {path}";
    }

    /// <summary>
    /// The absolute path with <c>.</c>, <c>..</c> and repeated or trailing slashes resolved (by text: symbolic links on
    /// the server are not followed); null when it is not absolute.
    /// </summary>
    public static string? Normalise(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        if (!path.StartsWith('/'))
        {
            return null;
        }
        var parts = new List<string>();
        foreach (var segment in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            if (segment == "..")
            {
                if (parts.Count > 0)
                {
                    parts.RemoveAt(parts.Count - 1);
                }
            }
            else if (segment != ".")
            {
                parts.Add(segment);
            }
        }
        return "/" + string.Join('/', parts);
    }

    /// <summary>Whether <paramref name="path"/> is <paramref name="root"/> or below it (both normalised).</summary>
    private static bool IsUnder(string path, string root) =>
        root == "/" || path == root || path.StartsWith(root + "/", StringComparison.Ordinal);
}
