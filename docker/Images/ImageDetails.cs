namespace Codemason.Docker.Images;

/// <summary>The fields of <c>GET /images/{name}/json</c> we use.</summary>
public sealed record ImageDetails
{
    /// <summary><c>sha256:…</c> id.</summary>
    public string Id { get; init; } = string.Empty;

    public IReadOnlyList<string>? RepoTags { get; init; }

    public IReadOnlyList<string>? RepoDigests { get; init; }

    public DateTimeOffset Created { get; init; }

    /// <summary>Bytes.</summary>
    public long Size { get; init; }

    public string? Architecture { get; init; }

    public string? Os { get; init; }

    /// <summary>The image's run defaults.</summary>
    public ImageConfig? Config { get; init; }
}
