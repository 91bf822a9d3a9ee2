namespace Codemason.Controller.Builds;

/// <summary>Which outside repositories an app may follow (pure): git URLs of the usual transports, nothing git would read as an option or a helper.</summary>
public static class FollowUrls
{
    private static readonly string[] Schemes = ["https", "http", "git", "ssh", "file"];

    /// <summary>Why <paramref name="url"/> cannot be followed, or null when it can.</summary>
    public static string? Problem(string url)
    {
        ArgumentNullException.ThrowIfNull(url);
        if (url.Length == 0 || url.Length > 2048 || url.Any(c => char.IsControl(c) || char.IsWhiteSpace(c)))
        {
            return "a git URL without spaces or control characters";
        }
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || !Schemes.Contains(uri.Scheme, StringComparer.Ordinal))
        {
            return $"a git URL with one of the schemes {string.Join(", ", Schemes)} (https://git.example.com/shop.git, file:///srv/git/shop.git)";
        }
        return null;
    }
}
