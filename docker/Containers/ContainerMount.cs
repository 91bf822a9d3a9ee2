namespace Codemason.Docker.Containers;

/// <summary>A mount of an inspected container.</summary>
public sealed record ContainerMount
{
    /// <summary><c>bind</c>, <c>volume</c>, <c>tmpfs</c>.</summary>
    public string? Type { get; init; }

    /// <summary>The volume name, for volumes.</summary>
    public string? Name { get; init; }

    public string? Source { get; init; }

    public string? Destination { get; init; }

    /// <summary>Read-write.</summary>
    public bool RW { get; init; }
}
