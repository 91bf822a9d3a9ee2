namespace Codemason.Docker.Containers;

/// <summary>Where a container port is published on the host.</summary>
public sealed record HostBinding
{
    public string? HostIp { get; init; }

    public string? HostPort { get; init; }
}
