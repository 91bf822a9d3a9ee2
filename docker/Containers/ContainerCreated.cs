namespace Codemason.Docker.Containers;

/// <summary>The answer of a create.</summary>
public sealed record ContainerCreated
{
    public string Id { get; init; } = string.Empty;

    public IReadOnlyList<string>? Warnings { get; init; }
}
