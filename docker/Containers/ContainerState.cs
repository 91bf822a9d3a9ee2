namespace Codemason.Docker.Containers;

/// <summary>A container's runtime state.</summary>
public sealed record ContainerState
{
    /// <summary><c>created</c>, <c>running</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>exited</c>, <c>dead</c>.</summary>
    public string Status { get; init; } = string.Empty;

    public bool Running { get; init; }

    public bool Paused { get; init; }

    public bool Restarting { get; init; }

    public bool OOMKilled { get; init; }

    public bool Dead { get; init; }

    public int Pid { get; init; }

    public int ExitCode { get; init; }

    public string? Error { get; init; }

    public DateTimeOffset StartedAt { get; init; }

    public DateTimeOffset FinishedAt { get; init; }

    /// <summary>Present when the container has a healthcheck.</summary>
    public ContainerHealth? Health { get; init; }
}
