namespace Codemason.Docker.Networks;

/// <summary>The answer of a network create.</summary>
public sealed record NetworkCreated
{
    public string Id { get; init; } = string.Empty;

    public string? Warning { get; init; }
}
