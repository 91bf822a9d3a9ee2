namespace Codemason.Docker.Containers;

/// <summary>The fields of <c>GET /containers/{id}/json</c> we use.</summary>
public sealed record ContainerDetails
{
    public string Id { get; init; } = string.Empty;

    /// <summary>The name with the engine's leading '/'.</summary>
    public string Name { get; init; } = string.Empty;

    public DateTimeOffset Created { get; init; }

    /// <summary>The image id (<c>sha256:…</c>).</summary>
    public string? Image { get; init; }

    public int RestartCount { get; init; }

    public ContainerState State { get; init; } = new();

    public ContainerConfigView? Config { get; init; }

    public ContainerHostConfigView? HostConfig { get; init; }

    public ContainerNetworkSettings? NetworkSettings { get; init; }

    public IReadOnlyList<ContainerMount>? Mounts { get; init; }
}
