namespace Codemason.Docker.Containers;

/// <summary>A port of a listed container.</summary>
public sealed record ContainerPort
{
    /// <summary>Host address of a published port.</summary>
    public string? IP { get; init; }

    public int PrivatePort { get; init; }

    public int? PublicPort { get; init; }

    public string? Type { get; init; }
}
