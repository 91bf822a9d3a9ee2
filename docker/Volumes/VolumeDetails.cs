namespace Codemason.Docker.Volumes;

/// <summary>A volume.</summary>
public sealed record VolumeDetails
{
    public string Name { get; init; } = string.Empty;

    public string? Driver { get; init; }

    /// <summary>Where the data lives on the host.</summary>
    public string? Mountpoint { get; init; }

    public DateTimeOffset? CreatedAt { get; init; }

    public string? Scope { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyDictionary<string, string>? Options { get; init; }
}
