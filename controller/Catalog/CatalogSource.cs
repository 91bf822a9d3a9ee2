namespace Codemason.Controller.Catalog;

/// <summary>A place catalog items are read from: a folder, or a git repository the controller keeps a copy of.</summary>
/// <param name="Location">The folder's path or the repository's URL, as configured.</param>
/// <param name="IsGit">Whether <see cref="Location"/> is a git repository.</param>
public sealed record CatalogSource(string Location, bool IsGit)
{
    private static readonly string[] GitSchemes = ["https://", "http://", "ssh://", "git://", "file://"];

    /// <summary>A URL (or <c>user@host:path</c>) is a git repository; anything else is a folder.</summary>
    public static CatalogSource Parse(string location)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(location);
        var git = GitSchemes.Any(s => location.StartsWith(s, StringComparison.OrdinalIgnoreCase))
            || (location.Contains('@', StringComparison.Ordinal) && location.Contains(':', StringComparison.Ordinal) && !location.StartsWith('/'));
        return new CatalogSource(location, git);
    }

    public override string ToString() => Location;
}
