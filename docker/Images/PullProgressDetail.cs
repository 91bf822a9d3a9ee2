using System.Text.Json.Serialization;

namespace Codemason.Docker.Images;

/// <summary>Bytes done of a layer.</summary>
public sealed record PullProgressDetail
{
    [JsonPropertyName("current")]
    public long Current { get; init; }

    [JsonPropertyName("total")]
    public long Total { get; init; }
}
