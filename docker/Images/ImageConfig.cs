namespace Codemason.Docker.Images;

/// <summary>The run defaults an image carries.</summary>
public sealed record ImageConfig
{
    public IReadOnlyList<string>? Env { get; init; }

    public IReadOnlyList<string>? Cmd { get; init; }

    public IReadOnlyList<string>? Entrypoint { get; init; }

    public string? WorkingDir { get; init; }

    public string? User { get; init; }

    /// <summary>Keys like <c>80/tcp</c>.</summary>
    public IReadOnlyDictionary<string, EmptyObject>? ExposedPorts { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
