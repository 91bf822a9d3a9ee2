using System.Text.Json.Serialization;

namespace Codemason.Docker.Engine;

/// <summary>The fields of <c>GET /info</c> the agent reports about its node.</summary>
public sealed record EngineInfo
{
    [JsonPropertyName("ID")]
    public string? Id { get; init; }

    /// <summary>The host name of the engine's machine.</summary>
    public string? Name { get; init; }

    public string? ServerVersion { get; init; }

    public int Containers { get; init; }

    public int ContainersRunning { get; init; }

    public int ContainersPaused { get; init; }

    public int ContainersStopped { get; init; }

    public int Images { get; init; }

    /// <summary>Storage driver, e.g. <c>overlay2</c>.</summary>
    public string? Driver { get; init; }

    /// <summary>CPUs the engine sees.</summary>
    [JsonPropertyName("NCPU")]
    public int CpuCount { get; init; }

    /// <summary>Memory the engine sees, in bytes.</summary>
    [JsonPropertyName("MemTotal")]
    public long MemoryBytes { get; init; }

    public string? OperatingSystem { get; init; }

    [JsonPropertyName("OSType")]
    public string? OsType { get; init; }

    public string? Architecture { get; init; }

    public string? KernelVersion { get; init; }

    public string? CgroupDriver { get; init; }

    public string? CgroupVersion { get; init; }

    public string? DockerRootDir { get; init; }

    /// <summary>Engine labels as <c>key=value</c>.</summary>
    public IReadOnlyList<string>? Labels { get; init; }
}
