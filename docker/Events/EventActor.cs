using System.Text.Json.Serialization;

namespace Codemason.Docker.Events;

/// <summary>The object an event is about: its id and attributes (labels, name, image, exit code...).</summary>
public sealed record EventActor
{
    internal static readonly EventActor Empty = new();

    [JsonPropertyName("ID")]
    public string Id { get; init; } = string.Empty;

    /// <summary>For containers: its labels plus <c>name</c>, <c>image</c> and, on <c>die</c>, <c>exitCode</c>.</summary>
    public IReadOnlyDictionary<string, string>? Attributes { get; init; }
}
