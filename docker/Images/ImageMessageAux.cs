using System.Text.Json.Serialization;

namespace Codemason.Docker.Images;

/// <summary>The <c>aux</c> part of an <see cref="ImageMessage"/>.</summary>
public sealed record ImageMessageAux
{
    /// <summary>Build: the image id, <c>sha256:…</c>.</summary>
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    /// <summary>Push: the pushed tag.</summary>
    [JsonPropertyName("Tag")]
    public string? Tag { get; init; }

    /// <summary>Push: the manifest digest, <c>sha256:…</c>.</summary>
    [JsonPropertyName("Digest")]
    public string? Digest { get; init; }

    /// <summary>Push: the manifest size in bytes.</summary>
    [JsonPropertyName("Size")]
    public long Size { get; init; }
}
