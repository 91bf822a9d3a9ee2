using System.Text.Json.Serialization;

namespace Codemason.Docker.Images;

/// <summary>One progress message of a pull.</summary>
public sealed record PullProgress
{
    /// <summary>E.g. <c>Pulling fs layer</c>, <c>Downloading</c>, <c>Status: Downloaded newer image for …</c>.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The layer id, when the message is about a layer.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Bytes done and total, for download and extract messages.</summary>
    [JsonPropertyName("progressDetail")]
    public PullProgressDetail? Detail { get; init; }

    [JsonPropertyName("error")]
    [JsonInclude]
    internal string? Error { get; init; }
}
