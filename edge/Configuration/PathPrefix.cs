namespace Codemason.Edge.Configuration;

/// <summary>Path-prefix rules of a route, shared by validation and routing.</summary>
internal static class PathPrefix
{
    /// <summary>Drops trailing slashes (but keeps the root <c>/</c>): <c>/api/</c> is <c>/api</c>.</summary>
    public static string Normalize(string path)
    {
        var trimmed = path.TrimEnd('/');
        return trimmed.Length == 0 ? "/" : trimmed;
    }

    /// <summary>Whether <paramref name="path"/> is under the normalized <paramref name="prefix"/> (segment-wise, case-sensitive).</summary>
    public static bool Matches(string prefix, string path)
    {
        if (prefix == "/")
        {
            return true;
        }

        return path.StartsWith(prefix, StringComparison.Ordinal)
            && (path.Length == prefix.Length || path[prefix.Length] == '/');
    }
}
