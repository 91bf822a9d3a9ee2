namespace Codemason.Docker.Volumes;

/// <summary>The engine's answer of <c>GET /volumes</c>.</summary>
internal sealed record VolumeListBody
{
    public IReadOnlyList<VolumeDetails>? Volumes { get; init; }

    public IReadOnlyList<string>? Warnings { get; init; }
}
