namespace Codemason.Docker.Containers;

/// <summary>One entry of <c>GET /containers/json</c>.</summary>
public sealed record ContainerSummary
{
    public string Id { get; init; } = string.Empty;

    /// <summary>Names with the engine's leading '/'.</summary>
    public IReadOnlyList<string>? Names { get; init; }

    public string? Image { get; init; }

    public string? ImageID { get; init; }

    public string? Command { get; init; }

    /// <summary>Unix time in seconds.</summary>
    public long Created { get; init; }

    /// <summary><c>created</c>, <c>running</c>, <c>exited</c>, <c>paused</c>, <c>restarting</c>, <c>removing</c>, <c>dead</c>.</summary>
    public string? State { get; init; }

    /// <summary>Human text, e.g. <c>Up 3 minutes</c>.</summary>
    public string? Status { get; init; }

    public IReadOnlyDictionary<string, string>? Labels { get; init; }

    public IReadOnlyList<ContainerPort>? Ports { get; init; }

    /// <summary>The networks it is attached to, by name, with its address on each (empty while it is stopped).</summary>
    public ContainerNetworkSettings? NetworkSettings { get; init; }

    /// <summary>The first name without the leading '/'.</summary>
    public string? Name => Names is [var first, ..] ? first.TrimStart('/') : null;
}
