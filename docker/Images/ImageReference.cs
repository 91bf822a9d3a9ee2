namespace Codemason.Docker.Images;

/// <summary>Splits an image reference into its repository and its tag (or digest).</summary>
internal static class ImageReference
{
    /// <summary>
    /// <c>registry:5000/team/app:1.2</c> → (<c>registry:5000/team/app</c>, <c>1.2</c>); <c>app@sha256:…</c> →
    /// (<c>app</c>, <c>sha256:…</c>); no tag means <c>latest</c>. A registry's port is not a tag.
    /// </summary>
    public static (string Repository, string Tag) Split(string reference)
    {
        var at = reference.IndexOf('@', StringComparison.Ordinal);
        if (at >= 0)
        {
            return (reference[..at], reference[(at + 1)..]);
        }
        var colon = reference.LastIndexOf(':');
        var slash = reference.LastIndexOf('/');
        return colon > slash ? (reference[..colon], reference[(colon + 1)..]) : (reference, "latest");
    }
}
