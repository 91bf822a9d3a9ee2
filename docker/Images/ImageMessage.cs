using System.Text.Json.Serialization;

namespace Codemason.Docker.Images;

/// <summary>
/// One JSON message of a streamed image call (build, push): output text, a progress status, an error, or auxiliary
/// data (the built image's id, a pushed tag's digest). <see cref="ImageOutputReader"/> turns them into lines.
/// </summary>
public sealed record ImageMessage
{
    /// <summary>Build output text; a line may come in several messages, and one message may hold several lines.</summary>
    [JsonPropertyName("stream")]
    public string? Stream { get; init; }

    /// <summary>A progress status ("Preparing", "Pushed", "latest: digest: sha256:… size: 527").</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The layer the status is about.</summary>
    [JsonPropertyName("id")]
    public string? Id { get; init; }

    /// <summary>Bytes done of the layer, on progress statuses.</summary>
    [JsonPropertyName("progressDetail")]
    public PullProgressDetail? Detail { get; init; }

    /// <summary>The failure that ended the call.</summary>
    [JsonPropertyName("error")]
    public string? Error { get; init; }

    /// <summary>The built image's id (build) or a pushed tag's digest (push).</summary>
    [JsonPropertyName("aux")]
    public ImageMessageAux? Aux { get; init; }
}
