namespace Codemason.Docker.Images;

/// <summary>One entry of <c>GET /images/json</c>.</summary>
public sealed record ImageSummary
{
    /// <summary><c>sha256:…</c> id.</summary>
    public string Id { get; init; } = string.Empty;

    public IReadOnlyList<string>? RepoTags { get; init; }

    public IReadOnlyList<string>? RepoDigests { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public long Created { get; init; }

    /// <summary>Bytes.</summary>
    public long Size { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
