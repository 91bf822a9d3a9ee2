namespace Codemason.Docker.Images;

/// <summary>One step of an image's history (<c>GET /images/{name}/history</c>), newest first: the fields we use.</summary>
public sealed record ImageHistoryItem
{
    /// <summary>The step's image id, or <c>&lt;missing&gt;</c> for a step of a pulled image.</summary>
    public string Id { get; init; } = string.Empty;

    /// <summary>The instruction that made it: <c>/bin/sh -c #(nop)  ARG TOKEN</c>, or for a RUN after an <c>ARG</c>, <c>|1 TOKEN=value /bin/sh -c …</c>.</summary>
    public string CreatedBy { get; init; } = string.Empty;

    /// <summary>Bytes the step added.</summary>
    public long Size { get; init; }
}
