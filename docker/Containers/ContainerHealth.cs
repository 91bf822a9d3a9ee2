namespace Codemason.Docker.Containers;

/// <summary>Healthcheck state.</summary>
public sealed record ContainerHealth
{
    /// <summary><c>starting</c>, <c>healthy</c> or <c>unhealthy</c>.</summary>
    public string Status { get; init; } = string.Empty;

    public int FailingStreak { get; init; }
}
