namespace Codemason.Docker.Volumes;

/// <summary>A volume to create.</summary>
/// <param name="Name">Volume name; the engine makes one up when null.</param>
public sealed record VolumeCreateRequest(string? Name)
{
    /// <summary>Default <c>local</c>.</summary>
    public string Driver { get; init; } = "local";

    public IReadOnlyDictionary<string, string>? DriverOpts { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }
}
