namespace Codemason.Docker.Containers;

/// <summary>The engine's JSON answer of a wait.</summary>
internal sealed record ContainerWaitBody
{
    public long StatusCode { get; init; }

    public ContainerWaitError? Error { get; init; }
}
