using System.Text.Json.Serialization;

namespace Codemason.Docker.Engine;

/// <summary>The answer of <c>GET /version</c>.</summary>
public sealed record EngineVersion
{
    /// <summary>The engine release, e.g. <c>20.10.24</c>.</summary>
    public string Version { get; init; } = string.Empty;

    /// <summary>The newest API the engine speaks, e.g. <c>1.41</c>.</summary>
    public string ApiVersion { get; init; } = string.Empty;

    /// <summary>The oldest API the engine still accepts.</summary>
    [JsonPropertyName("MinAPIVersion")]
    public string? MinApiVersion { get; init; }

    public string? Os { get; init; }

    public string? Arch { get; init; }

    public string? KernelVersion { get; init; }

    public string? GitCommit { get; init; }

    public string? GoVersion { get; init; }
}
