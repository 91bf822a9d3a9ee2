namespace Codemason.Mortar.Normalisation.Routes;

/// <summary>
/// The path prefix of a route: starts with '/', holds no query ('?'), fragment ('#') or white space. A trailing '/'
/// is dropped (<c>/api/</c> is <c>/api</c>), except for <c>/</c> itself, which matches every path.
/// </summary>
internal static class RoutePathSyntax
{
    /// <summary>The path every request matches.</summary>
    public const string Root = "/";

    /// <summary>The normalised path, or null with <paramref name="problem"/> saying what is wrong.</summary>
    public static string? Normalise(string text, out string? problem)
    {
        problem = Check(text);
        if (problem is not null)
        {
            return null;
        }
        var trimmed = text.TrimEnd('/');
        return trimmed.Length == 0 ? Root : trimmed;
    }

    private static string? Check(string text)
    {
        if (!text.StartsWith('/'))
        {
            return "a path starts with '/' (\"/api\")";
        }
        if (text.Contains('?', StringComparison.Ordinal) || text.Contains('#', StringComparison.Ordinal))
        {
            return "a path prefix has no query ('?') or fragment ('#')";
        }
        if (text.Any(char.IsWhiteSpace) || text.Any(char.IsControl))
        {
            return "a path has no spaces or control characters";
        }
        return null;
    }
}
