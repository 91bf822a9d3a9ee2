namespace Codemason.Docker.Transport;

/// <summary>Escapes identifiers put into request paths.</summary>
internal static class DockerPath
{
    /// <summary>A container, network, volume or exec id or name: one path segment.</summary>
    public static string Segment(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        return Uri.EscapeDataString(value);
    }

    /// <summary>
    /// An image reference (<c>registry:5000/repo/name:tag@sha256:…</c>). The engine routes
    /// <c>/images/{name:.*}/json</c>, so '/', ':' and '@' stay as they are; anything else is escaped.
    /// </summary>
    public static string ImageReference(string value)
    {
        ArgumentException.ThrowIfNullOrEmpty(value);
        foreach (var c in value)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '/' or ':' or '@' or '.' or '-' or '_'))
            {
                return Uri.EscapeDataString(value).Replace("%2F", "/", StringComparison.Ordinal)
                    .Replace("%3A", ":", StringComparison.Ordinal).Replace("%40", "@", StringComparison.Ordinal);
            }
        }
        return value;
    }
}
