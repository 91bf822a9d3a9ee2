namespace Codemason.Docker.Containers;

/// <summary>The engine's error object inside a wait answer.</summary>
internal sealed record ContainerWaitError
{
    public string? Message { get; init; }
}
