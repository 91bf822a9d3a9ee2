namespace Codemason.Docker.Containers;

/// <summary>Which containers to list.</summary>
public sealed record ContainerListOptions
{
    /// <summary>Include stopped containers. Default true (the agent reconciles those too).</summary>
    public bool All { get; init; } = true;

    /// <summary>Engine filters (<c>label</c>, <c>name</c>, <c>status</c>, <c>network</c>, …). Default null.</summary>
    public DockerFilters? Filters { get; init; }
}
